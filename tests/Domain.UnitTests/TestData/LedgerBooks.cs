using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Domain.UnitTests.TestData;

/// <summary>
/// The balances of a small ledger, kept across operations the way the repository would: a balance that does not
/// exist yet is created empty when an operation locks it. Tests seed the starting amounts and read the results.
/// </summary>
internal sealed class LedgerBooks
{
    public static readonly DateTimeOffset Opened = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<(Guid AccountId, AssetCode Asset), Balance> balances = [];

    /// <summary>Sets the starting balance of an account in an asset (world accounts may go negative).</summary>
    public Balance Seed(Account account, Asset asset, decimal amount, decimal held = 0, long entryCount = 0, DateTimeOffset? updatedAt = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(asset);
        var balance = Balance.Rehydrate(account.Id, asset, account.IsWorld, amount, held, entryCount, updatedAt ?? Opened);
        balances[(account.Id, asset.Code)] = balance;
        return balance;
    }

    /// <summary>The balance of an account in an asset (empty if nothing touched it yet).</summary>
    public Balance this[Account account, Asset asset]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(account);
            ArgumentNullException.ThrowIfNull(asset);
            return Get(new BalanceKey(account.Id, asset.Code, account.IsWorld));
        }
    }

    /// <summary>What the repository hands a transaction: every balance it touches, locked.</summary>
    public BalanceSheet SheetFor(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new BalanceSheet(transaction.BalanceKeys.Select(Get).ToList());
    }

    private Balance Get(BalanceKey key)
    {
        if (!balances.TryGetValue((key.AccountId, key.Asset), out var balance))
        {
            balance = Balance.Rehydrate(key.AccountId, TestAssets.ByCode(key.Asset), key.IsWorld, 0, 0, 0, Opened);
            balances[(key.AccountId, key.Asset)] = balance;
        }

        return balance;
    }
}

using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Domain.UnitTests.TestData;

/// <summary>
/// The balances of a small ledger, kept across operations the way the repository would: a user balance that does not
/// exist yet is created empty when an operation locks it, and world balances — which the store, not the domain,
/// keeps — are plain totals that <see cref="ApplyWorldPostings"/> moves. Tests seed starting amounts and read results.
/// </summary>
internal sealed class LedgerBooks
{
    public static readonly DateTimeOffset Opened = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<(Guid AccountId, AssetCode Asset), Balance> balances = [];
    private readonly Dictionary<AssetCode, decimal> world = [];

    /// <summary>Sets the starting balance of a user account in an asset.</summary>
    public Balance Seed(Account account, Asset asset, decimal amount, decimal held = 0, long entryCount = 0, DateTimeOffset? updatedAt = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(asset);
        var balance = Balance.Rehydrate(account.Id, asset, amount, held, entryCount, updatedAt ?? Opened);
        balances[(account.Id, asset.Code)] = balance;
        return balance;
    }

    /// <summary>The balance of a user account in an asset (empty if nothing touched it yet).</summary>
    public Balance this[Account account, Asset asset]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(account);
            ArgumentNullException.ThrowIfNull(asset);
            return Get(new BalanceKey(account.Id, asset.Code));
        }
    }

    /// <summary>The world balance of an asset: minus everything users were given of it.</summary>
    public decimal World(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return world.GetValueOrDefault(asset.Code);
    }

    /// <summary>Moves a world balance directly (seeding a scenario).</summary>
    public void AdjustWorld(Asset asset, decimal delta)
    {
        ArgumentNullException.ThrowIfNull(asset);
        world[asset.Code] = World(asset) + delta;
    }

    /// <summary>What the repository does after a transaction was booked: apply its world postings.</summary>
    public void ApplyWorldPostings(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        foreach (var posting in transaction.Postings.Where(p => p.IsWorld))
        {
            world[posting.Amount.Code] = world.GetValueOrDefault(posting.Amount.Code) + posting.Amount.Amount;
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
            balance = Balance.Rehydrate(key.AccountId, TestAssets.ByCode(key.Asset), 0, 0, 0, Opened);
            balances[(key.AccountId, key.Asset)] = balance;
        }

        return balance;
    }
}

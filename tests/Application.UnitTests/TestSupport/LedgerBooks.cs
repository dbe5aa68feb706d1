using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>
/// Stands in for the database behind the ledger ports: the accounts that exist and the balances they hold. It
/// configures substitutes of <see cref="IAccountRepository"/> and <see cref="ILedgerRepository"/> to answer from it the
/// way the real repositories do (unknown and world accounts are left out of a movement lock; a balance that does not
/// exist yet is created empty as of <c>now</c>), so the tests can still check what the handlers asked for.
/// </summary>
internal sealed class LedgerBooks
{
    public static readonly DateTimeOffset Opened = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<(Guid AccountId, AssetCode Asset), Balance> balances = [];
    private readonly List<Account> accounts = [];
    private readonly Dictionary<AssetCode, Account> worlds;

    public LedgerBooks()
    {
        worlds = TestAssets.All.ToDictionary(a => a.Code, a => Account.World(Guid.NewGuid(), a, Opened));
        Accounts.GetWorldAsync(Arg.Any<AssetCode>(), Arg.Any<CancellationToken>()).Returns(call => worlds[call.Arg<AssetCode>()]);
        Accounts.LockForMovementAsync(Arg.Any<IEnumerable<Guid>>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var ids = call.Arg<IEnumerable<Guid>>().ToHashSet();
                return (IReadOnlyList<Account>)[.. accounts.Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id)];
            });
        Ledger.LockBalancesAsync(Arg.Any<IReadOnlyList<BalanceKey>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(call => new BalanceSheet([.. call.Arg<IReadOnlyList<BalanceKey>>().Select(k => Get(k, call.Arg<DateTimeOffset>()))]));
    }

    public IAccountRepository Accounts { get; } = Substitute.For<IAccountRepository>();

    public ILedgerRepository Ledger { get; } = Substitute.For<ILedgerRepository>();

    public Account WorldOf(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return worlds[asset.Code];
    }

    /// <summary>Makes user accounts exist.</summary>
    public void Add(params Account[] added) => accounts.AddRange(added);

    public Balance Seed(Account account, Asset asset, decimal amount, decimal held = 0)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(asset);
        var balance = Balance.Rehydrate(account.Id, asset, amount, held, 0, Opened);
        balances[(account.Id, asset.Code)] = balance;
        return balance;
    }

    public Balance this[Account account, Asset asset]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(account);
            ArgumentNullException.ThrowIfNull(asset);
            return Get(new BalanceKey(account.Id, asset.Code), Opened);
        }
    }

    /// <summary>Books a transaction directly, as set-up for a test about what happens to it later.</summary>
    public void Book(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var sheet = new BalanceSheet([.. transaction.BalanceKeys.Select(k => Get(k, Opened))]);
        var booked = transaction.Book(sheet, Opened);
        booked.IsSuccess.ShouldBeTrue(booked.IsFailure ? booked.Error.Code : null);
    }

    private Balance Get(BalanceKey key, DateTimeOffset now)
    {
        if (!balances.TryGetValue((key.AccountId, key.Asset), out var balance))
        {
            balance = Balance.Rehydrate(key.AccountId, TestAssets.ByCode(key.Asset), 0, 0, 0, now);
            balances[(key.AccountId, key.Asset)] = balance;
        }

        return balance;
    }
}

using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Domain.UnitTests.TestData;

/// <summary>
/// A small ledger to move money in: Alice (two accounts), Bob (one), an admin, the world accounts of the test assets,
/// and the books that hold every balance. Transactions are created and booked the way the application does it.
/// </summary>
internal sealed class LedgerScenario
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<AssetCode, Account> worlds;

    public LedgerScenario()
    {
        AliceMain = new AccountBuilder().OwnedBy(AliceId).Named("Alice main").Build();
        AliceSavings = new AccountBuilder().OwnedBy(AliceId).Named("Alice savings").Build();
        BobMain = new AccountBuilder().OwnedBy(BobId).Named("Bob main").Build();
        worlds = TestAssets.All.ToDictionary(a => a.Code, a => Account.World(Guid.NewGuid(), a, LedgerBooks.Opened));
    }

    public Guid AliceId { get; } = Guid.NewGuid();

    public Guid BobId { get; } = Guid.NewGuid();

    public Actor Alice => new(AliceId, IsAdmin: false);

    public Actor Bob => new(BobId, IsAdmin: false);

    public Actor Admin { get; } = new(Guid.NewGuid(), IsAdmin: true);

    public Account AliceMain { get; }

    public Account AliceSavings { get; }

    public Account BobMain { get; }

    public LedgerBooks Books { get; } = new();

    public Account WorldOf(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return worlds[asset.Code];
    }

    /// <summary>Gives an account a starting balance, taken from the world so every asset still sums to zero.</summary>
    public void Fund(Account account, Money amount)
    {
        ArgumentNullException.ThrowIfNull(account);
        Books.Seed(account, amount.Asset, Books[account, amount.Asset].Amount + amount.Amount);
        Books.AdjustWorld(amount.Asset, -amount.Amount);
    }

    public Result<Transaction> NewCredit(Account account, Money amount, string? description = null) =>
        Transaction.Credit(Guid.NewGuid(), account, amount, WorldOf(amount.Asset), description, AliceId, Now);

    public Result<Transaction> NewDebit(Account account, Money amount) =>
        Transaction.Debit(Guid.NewGuid(), account, amount, WorldOf(amount.Asset), null, AliceId, Now);

    public Result<Transaction> NewTransfer(Account from, Account to, Money amount, bool pending = false) =>
        Transaction.Transfer(Guid.NewGuid(), from, to, amount, pending, null, AliceId, Now);

    public Result<Transaction> NewTrade(Account account, TradeSide side, Money quantity, decimal price, Money fee) =>
        Transaction.TradeAt(Guid.NewGuid(), account, side, quantity, price, fee, WorldOf(quantity.Asset), WorldOf(fee.Asset), null, AliceId, Now);

    /// <summary>Books a new transaction on the balances it touches; the store then applies its world postings.</summary>
    public Result Book(Transaction transaction, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var booked = transaction.Book(Books.SheetFor(transaction), now ?? Now);
        if (booked.IsSuccess)
        {
            Books.ApplyWorldPostings(transaction);
        }

        return booked;
    }

    /// <summary>Creates and books a transaction that must succeed (the set-up of a test, not what it is about).</summary>
    public Transaction Booked(Result<Transaction> created)
    {
        ArgumentNullException.ThrowIfNull(created);
        created.IsSuccess.ShouldBeTrue(created.IsFailure ? created.Error.Code : null);
        var booked = Book(created.Value);
        booked.IsSuccess.ShouldBeTrue(booked.IsFailure ? booked.Error.Code : null);
        return created.Value;
    }

    public Result Post(Transaction transfer, Actor actor, IReadOnlyCollection<Account>? accounts = null, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return transfer.Post(actor, accounts ?? AccountsOf(transfer), Books.SheetFor(transfer), now ?? Now);
    }

    public Result Void(Transaction transfer, Actor actor, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return transfer.Void(actor, AccountsOf(transfer), Books.SheetFor(transfer), now ?? Now);
    }

    public Result<Transaction> Reverse(Transaction original, IReadOnlyCollection<Account>? accounts = null, Guid? reversalId = null, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        var reversal = original.Reverse(reversalId ?? Guid.NewGuid(), "Booked by mistake", accounts ?? AccountsOf(original), Books.SheetFor(original), Admin.UserId, now ?? Now);
        if (reversal.IsSuccess)
        {
            Books.ApplyWorldPostings(reversal.Value);
        }

        return reversal;
    }

    /// <summary>The user accounts a transaction touches, as the repository would load them.</summary>
    public IReadOnlyCollection<Account> AccountsOf(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return [.. new[] { AliceMain, AliceSavings, BobMain }.Where(a => transaction.Postings.Any(p => p.AccountId == a.Id))];
    }
}

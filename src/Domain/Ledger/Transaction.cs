using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Ledger;

/// <summary>
/// A balanced set of postings: for every asset its postings sum to zero, so money is only ever moved, never made or
/// lost. Life cycle: pending → completed | voided (two-phase transfers), completed → reversed (by a compensating
/// reversal transaction).
/// </summary>
public sealed class Transaction
{
    private readonly List<Posting> postings;
    private bool booked;

    private Transaction(
        Guid id,
        TransactionType type,
        TransactionStatus status,
        IEnumerable<Posting> postings,
        string? description,
        DateTimeOffset createdAt,
        Guid createdBy,
        Guid? reversalOf,
        Guid? reversedBy,
        TradeDetails? trade,
        DateTimeOffset updatedAt,
        int version,
        Money? unitCost = null)
    {
        Id = id;
        Type = type;
        Status = status;
        this.postings = [.. postings];
        Description = description;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
        ReversalOf = reversalOf;
        ReversedBy = reversedBy;
        Trade = trade;
        UnitCost = unitCost;
        UpdatedAt = updatedAt;
        Version = version;
        EnsureBalanced();
    }

    public Guid Id { get; }

    public TransactionType Type { get; }

    public TransactionStatus Status { get; private set; }

    public IReadOnlyList<Posting> Postings => postings;

    public string? Description { get; }

    public DateTimeOffset CreatedAt { get; }

    public Guid CreatedBy { get; }

    /// <summary>For a reversal: the transaction it compensates.</summary>
    public Guid? ReversalOf { get; }

    /// <summary>For a reversed transaction: the reversal that compensated it.</summary>
    public Guid? ReversedBy { get; private set; }

    public TradeDetails? Trade { get; }

    /// <summary>For a credit: what one credited unit cost (in another asset), when the depositor said so.</summary>
    public Money? UnitCost { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>Every user balance this transaction touches, in locking order (world balances are the store's).</summary>
    public IReadOnlyList<BalanceKey> BalanceKeys
    {
        get
        {
            // A plain loop: this runs for every movement, and a transaction has two to four postings.
            var keys = new List<BalanceKey>(postings.Count);
            foreach (var posting in postings)
            {
                if (!posting.IsWorld && !keys.Contains(posting.Key))
                {
                    keys.Add(posting.Key);
                }
            }

            keys.Sort();
            return keys.AsReadOnly();
        }
    }

    /// <summary>
    /// Money entering the ledger: the world account of the asset pays the account. <paramref name="unitCost"/> is what
    /// one unit cost the depositor (the cost basis of what arrives), when known.
    /// </summary>
    public static Result<Transaction> Credit(
        Guid id, Account account, Money amount, Account world, string? description, Guid createdBy, DateTimeOffset now, Money? unitCost = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        EnsureWorldOf(world, amount.Asset);
        if (unitCost is { } cost && (!cost.IsPositive || cost.Code == amount.Code))
        {
            throw new ArgumentException("A unit cost is positive and in another asset.", nameof(unitCost));
        }

        var open = account.EnsureOpen();
        return open.IsFailure
            ? open.Error
            : New(id, TransactionType.Credit, TransactionStatus.Completed, [(account, amount), (world, -amount)], description, createdBy, now, unitCost: unitCost);
    }

    /// <summary>Money leaving the ledger: the account pays the world account of the asset.</summary>
    public static Result<Transaction> Debit(Guid id, Account account, Money amount, Account world, string? description, Guid createdBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        EnsureWorldOf(world, amount.Asset);
        var open = account.EnsureOpen();
        return open.IsFailure
            ? open.Error
            : New(id, TransactionType.Debit, TransactionStatus.Completed, [(account, -amount), (world, amount)], description, createdBy, now);
    }

    /// <summary>
    /// Money moving between two accounts. A <paramref name="pending"/> transfer only reserves the amount on the source
    /// until it is posted or voided; the target sees nothing before it is posted.
    /// </summary>
    public static Result<Transaction> Transfer(
        Guid id, Account from, Account to, Money amount, bool pending, string? description, Guid createdBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Id == to.Id)
        {
            return LedgerErrors.SameAccount;
        }

        var open = from.EnsureOpen();
        if (open.IsFailure || (open = to.EnsureOpen()).IsFailure)
        {
            return open.Error;
        }

        var status = pending ? TransactionStatus.Pending : TransactionStatus.Completed;
        return New(id, TransactionType.Transfer, status, [(from, -amount), (to, amount)], description, createdBy, now);
    }

    /// <summary>
    /// Buys or sells <paramref name="quantity"/> of an asset against a quote asset at <paramref name="price"/>: one
    /// transaction with an asset leg and a quote leg, each balanced by the asset's world account.
    /// </summary>
    public static Result<Transaction> TradeAt(
        Guid id,
        Account account,
        TradeSide side,
        Money quantity,
        decimal price,
        Money fee,
        Account assetWorld,
        Account quoteWorld,
        string? description,
        Guid createdBy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (quantity.Code == fee.Code)
        {
            return LedgerErrors.AssetMismatch;
        }

        EnsureWorldOf(assetWorld, quantity.Asset);
        EnsureWorldOf(quoteWorld, fee.Asset);
        if (!quantity.IsPositive || price <= 0 || fee.Amount < 0)
        {
            throw new ArgumentException("Quantity and price must be positive and the fee not negative.");
        }

        var open = account.EnsureOpen();
        if (open.IsFailure)
        {
            return open.Error;
        }

        var quote = fee.Asset;
        if (!DecimalAmount.TryMultiplyRounded(quantity.Amount, price, quote.Decimals, out var product)
            || Money.Of(product, quote, "price") is not { IsSuccess: true } quoteAmount)
        {
            return LedgerErrors.BalanceLimit;
        }

        if (quoteAmount.Value.IsZero)
        {
            return LedgerErrors.TradeTooSmall;
        }

        if (side == TradeSide.Sell && fee.Amount > quoteAmount.Value.Amount)
        {
            return LedgerErrors.FeeExceedsProceeds;
        }

        var settlement = side == TradeSide.Buy ? quoteAmount.Value + fee : quoteAmount.Value - fee;
        var legs = side == TradeSide.Buy
            ? new List<(Account, Money)> { (account, quantity), (assetWorld, -quantity), (account, -settlement), (quoteWorld, settlement) }
            : [(account, -quantity), (assetWorld, quantity), (account, settlement), (quoteWorld, -settlement)];
        var trade = new TradeDetails(side, quantity, price, quoteAmount.Value, fee, settlement);
        return New(id, TransactionType.Trade, TransactionStatus.Completed, legs.Where(l => !l.Item2.IsZero), description, createdBy, now, trade);
    }

    public static Transaction Rehydrate(
        Guid id,
        TransactionType type,
        TransactionStatus status,
        IEnumerable<Posting> postings,
        string? description,
        DateTimeOffset createdAt,
        Guid createdBy,
        Guid? reversalOf,
        Guid? reversedBy,
        TradeDetails? trade,
        DateTimeOffset updatedAt,
        int version,
        Money? unitCost = null) =>
        new(id, type, status, postings, description, createdAt, createdBy, reversalOf, reversedBy, trade, updatedAt, version, unitCost)
        {
            booked = true,
        };

    /// <summary>
    /// Applies a new transaction to its locked balances: a completed one posts every line (refused when an account
    /// cannot cover its part), a pending transfer only reserves the amount on the source.
    /// </summary>
    public Result Book(BalanceSheet sheet, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        if (booked)
        {
            throw new InvalidOperationException($"Transaction {Id} is already booked.");
        }

        booked = true;
        if (Status == TransactionStatus.Pending)
        {
            var outgoing = Outgoing;
            return sheet[outgoing.AccountId, outgoing.Amount.Code].Hold(-outgoing.Amount.Amount);
        }

        return ApplyAll(sheet, now);
    }

    /// <summary>
    /// Settles a pending transfer: the reservation becomes a real movement and the target is credited. Only the owner
    /// of the source account (or an admin) may; <paramref name="accounts"/> are the transfer's accounts.
    /// </summary>
    public Result Post(Actor actor, IReadOnlyCollection<Account> accounts, BalanceSheet sheet, DateTimeOffset now)
    {
        var allowed = EnsureSettleable(actor, accounts, "posted");
        if (allowed.IsFailure)
        {
            return allowed;
        }

        var target = accounts.Single(a => a.Id == Incoming.AccountId);
        var open = target.EnsureOpen();
        if (open.IsFailure)
        {
            return open;
        }

        ArgumentNullException.ThrowIfNull(sheet);
        var outgoing = Outgoing;
        var posted = sheet.Atomically(() =>
        {
            sheet[outgoing.AccountId, outgoing.Amount.Code].Release(-outgoing.Amount.Amount);
            return ApplyAll(sheet, now);
        });
        if (posted.IsFailure)
        {
            return posted;
        }

        Status = TransactionStatus.Completed;
        Touch(now);
        return Result.Success();
    }

    /// <summary>Cancels a pending transfer: the reservation is released and nothing moves.</summary>
    public Result Void(Actor actor, IReadOnlyCollection<Account> accounts, BalanceSheet sheet, DateTimeOffset now)
    {
        var allowed = EnsureSettleable(actor, accounts, "voided");
        if (allowed.IsFailure)
        {
            return allowed;
        }

        ArgumentNullException.ThrowIfNull(sheet);
        var outgoing = Outgoing;
        sheet[outgoing.AccountId, outgoing.Amount.Code].Release(-outgoing.Amount.Amount);
        Status = TransactionStatus.Voided;
        Touch(now);
        return Result.Success();
    }

    /// <summary>
    /// Compensates a completed transaction with a reversal that moves every amount back, books it on the locked
    /// balances (refused when that would overdraw an account) and marks this transaction reversed.
    /// </summary>
    public Result<Transaction> Reverse(
        Guid reversalId, string reason, IReadOnlyCollection<Account> accounts, BalanceSheet sheet, Guid reversedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        if (Type == TransactionType.Reversal)
        {
            return LedgerErrors.ReversalOfReversal;
        }

        if (Status != TransactionStatus.Completed)
        {
            return LedgerErrors.InvalidState(Status, "reversed");
        }

        var closed = accounts.FirstOrDefault(a => postings.Any(p => p.AccountId == a.Id) && !a.IsOpen);
        if (closed is not null)
        {
            return AccountErrors.Closed;
        }

        var reversal = new Transaction(
            reversalId,
            TransactionType.Reversal,
            TransactionStatus.Completed,
            postings.Select(p => Posting.New(p.Leg, p.AccountId, p.IsWorld, -p.Amount)),
            reason,
            now,
            reversedBy,
            reversalOf: Id,
            reversedBy: null,
            trade: null,
            now,
            1);
        var booked = reversal.Book(sheet, now);
        if (booked.IsFailure)
        {
            return booked.Error;
        }

        Status = TransactionStatus.Reversed;
        ReversedBy = reversalId;
        Touch(now);
        return reversal;
    }

    /// <summary>
    /// Applies every user posting, or — when one is refused — none: balances and postings are left as they were.
    /// World postings are applied by the store when it saves the transaction.
    /// </summary>
    private Result ApplyAll(BalanceSheet sheet, DateTimeOffset now)
    {
        var applied = sheet.Atomically(() =>
        {
            foreach (var posting in postings.Where(p => !p.IsWorld))
            {
                var result = posting.ApplyTo(sheet, now);
                if (result.IsFailure)
                {
                    return result;
                }
            }

            return Result.Success();
        });
        if (applied.IsFailure)
        {
            foreach (var posting in postings.Where(p => p.IsApplied))
            {
                posting.Unapply();
            }
        }

        return applied;
    }

    /// <summary>The account that loses money in a transfer (its first posting).</summary>
    public Posting Outgoing => postings.First(p => p.Amount.Amount < 0 && !p.IsWorld);

    /// <summary>The account that receives money in a transfer.</summary>
    public Posting Incoming => postings.First(p => p.Amount.Amount > 0 && !p.IsWorld);

    private static Result<Transaction> New(
        Guid id,
        TransactionType type,
        TransactionStatus status,
        IEnumerable<(Account Account, Money Amount)> legs,
        string? description,
        Guid createdBy,
        DateTimeOffset now,
        TradeDetails? trade = null,
        Money? unitCost = null)
    {
        var lines = legs.Select((leg, index) => Posting.New(index, leg.Account.Id, leg.Account.IsWorld, leg.Amount));
        return new Transaction(id, type, status, lines, description, now, createdBy, null, null, trade, now, 1, unitCost);
    }

    private static void EnsureWorldOf(Account world, Asset asset)
    {
        ArgumentNullException.ThrowIfNull(world);
        if (!world.IsWorld || world.BaseCurrency != asset.Code)
        {
            throw new ArgumentException($"Account {world.Id} is not the world account of {asset.Code}.", nameof(world));
        }
    }

    private Result EnsureSettleable(Actor actor, IReadOnlyCollection<Account> accounts, string action)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(accounts);
        if (Type != TransactionType.Transfer || Status != TransactionStatus.Pending)
        {
            return LedgerErrors.InvalidState(Status, action);
        }

        var source = accounts.SingleOrDefault(a => a.Id == Outgoing.AccountId)
            ?? throw new ArgumentException("The transfer's source account was not given.", nameof(accounts));
        return source.IsOwnedBy(actor) || actor.IsAdmin ? Result.Success() : LedgerErrors.NotAllowed;
    }

    /// <summary>Postings must balance per asset, and there must be something to balance.</summary>
    private void EnsureBalanced()
    {
        if (postings.Count < 2)
        {
            throw new InvalidOperationException($"Transaction {Id} needs at least two postings.");
        }

        // Per asset, in the order the assets first appear; a plain loop, as every transaction built or loaded runs it.
        for (var i = 0; i < postings.Count; i++)
        {
            var code = postings[i].Amount.Code;
            if (AppearsBefore(code, i))
            {
                continue;
            }

            var sum = 0m;
            for (var j = i; j < postings.Count; j++)
            {
                if (postings[j].Amount.Code == code)
                {
                    sum += postings[j].Amount.Amount;
                }
            }

            if (sum != 0)
            {
                throw new InvalidOperationException($"Transaction {Id} does not balance in {code}.");
            }
        }
    }

    private bool AppearsBefore(AssetCode code, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (postings[j].Amount.Code == code)
            {
                return true;
            }
        }

        return false;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

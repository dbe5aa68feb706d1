using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Ledger;

/// <summary>What an applied posting did to its balance: the balance after it, its place in the balance's chain, and when.</summary>
public readonly record struct PostingEffect(decimal BalanceAfter, long EntrySeq, DateTimeOffset EffectiveAt);

/// <summary>
/// A user account's holding of one asset. <see cref="Amount"/> is the posted balance; <see cref="Held"/> is reserved
/// by outgoing pending transfers, so <see cref="Available"/> is what can still leave — and never more than that does.
/// (World balances are minus everything users hold; they are unbounded and kept by the store, not here.)
/// </summary>
public sealed class Balance
{
    private Balance(Guid accountId, Asset asset, decimal amount, decimal held, long entryCount, DateTimeOffset updatedAt)
    {
        AccountId = accountId;
        Asset = asset;
        Amount = amount;
        Held = held;
        EntryCount = entryCount;
        UpdatedAt = updatedAt;
    }

    public Guid AccountId { get; }

    public Asset Asset { get; }

    public decimal Amount { get; private set; }

    public decimal Held { get; private set; }

    public decimal Available => Amount - Held;

    /// <summary>How many postings have been applied; the last one's <see cref="PostingEffect.EntrySeq"/>.</summary>
    public long EntryCount { get; private set; }

    /// <summary>When the last posting was applied; effective times never go backwards.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>True once something changed it and it must be stored.</summary>
    public bool IsChanged { get; private set; }

    public BalanceKey Key => new(AccountId, Asset.Code);

    /// <summary>The mutable state, to put back when an operation touching several balances is refused half-way.</summary>
    internal (decimal Amount, decimal Held, long EntryCount, DateTimeOffset UpdatedAt, bool IsChanged) Save() =>
        (Amount, Held, EntryCount, UpdatedAt, IsChanged);

    internal void Restore((decimal Amount, decimal Held, long EntryCount, DateTimeOffset UpdatedAt, bool IsChanged) state) =>
        (Amount, Held, EntryCount, UpdatedAt, IsChanged) = state;

    public static Balance Rehydrate(Guid accountId, Asset asset, decimal amount, decimal held, long entryCount, DateTimeOffset updatedAt) =>
        new(accountId, asset, amount, held, entryCount, updatedAt);

    /// <summary>Adds <paramref name="delta"/> to the posted balance; refused when it would take more than is available.</summary>
    internal Result<PostingEffect> Apply(decimal delta, DateTimeOffset now)
    {
        var after = Amount + delta;
        if (delta < 0 && after - Held < 0)
        {
            return LedgerErrors.InsufficientFunds;
        }

        if (Math.Abs(after) >= Asset.Limit)
        {
            return LedgerErrors.BalanceLimit;
        }

        Amount = after;
        EntryCount++;
        UpdatedAt = now > UpdatedAt ? now : UpdatedAt;
        IsChanged = true;
        return new PostingEffect(Amount, EntryCount, UpdatedAt);
    }

    /// <summary>Reserves <paramref name="amount"/> for an outgoing pending transfer.</summary>
    internal Result Hold(decimal amount)
    {
        if (Available < amount)
        {
            return LedgerErrors.InsufficientFunds;
        }

        Held += amount;
        IsChanged = true;
        return Result.Success();
    }

    /// <summary>Gives back a reservation (void, or just before its settlement).</summary>
    internal void Release(decimal amount)
    {
        if (amount > Held)
        {
            throw new InvalidOperationException($"Releasing {amount} but only {Held} is held on {AccountId}/{Asset.Code}.");
        }

        Held -= amount;
        IsChanged = true;
    }
}

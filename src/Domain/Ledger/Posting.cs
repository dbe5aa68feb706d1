using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Ledger;

/// <summary>
/// One line of a transaction: a signed amount on one account. Once applied to the balance it records the balance
/// after it, its place in that balance's chain and when it took effect; a pending or voided posting has none.
/// </summary>
public sealed class Posting
{
    private Posting(int leg, Guid accountId, bool isWorld, Money amount, decimal? balanceAfter, long? entrySeq, DateTimeOffset? effectiveAt)
    {
        Leg = leg;
        AccountId = accountId;
        IsWorld = isWorld;
        Amount = amount;
        BalanceAfter = balanceAfter;
        EntrySeq = entrySeq;
        EffectiveAt = effectiveAt;
    }

    /// <summary>The posting's position in its transaction (0, 1, …).</summary>
    public int Leg { get; }

    public Guid AccountId { get; }

    /// <summary>
    /// A posting on a world account. Its balance is minus everything users hold — unbounded, beyond what a
    /// <see cref="decimal"/> carries — so the store applies it (last, in SQL); the domain applies user postings only.
    /// </summary>
    public bool IsWorld { get; }

    /// <summary>Signed: positive adds to the account, negative takes from it.</summary>
    public Money Amount { get; }

    public decimal? BalanceAfter { get; private set; }

    public long? EntrySeq { get; private set; }

    public DateTimeOffset? EffectiveAt { get; private set; }

    public bool IsApplied => EntrySeq is not null;

    public BalanceKey Key => IsWorld
        ? throw new InvalidOperationException("World balances are applied by the store, not locked.")
        : new(AccountId, Amount.Code);

    public static Posting Rehydrate(int leg, Guid accountId, bool isWorld, Money amount, decimal? balanceAfter, long? entrySeq, DateTimeOffset? effectiveAt) =>
        new(leg, accountId, isWorld, amount, balanceAfter, entrySeq, effectiveAt);

    internal static Posting New(int leg, Guid accountId, bool isWorld, Money amount)
    {
        if (amount.IsZero)
        {
            throw new ArgumentException("A posting moves a non-zero amount.", nameof(amount));
        }

        return new Posting(leg, accountId, isWorld, amount, null, null, null);
    }

    /// <summary>Forgets an application that was undone together with its balances.</summary>
    internal void Unapply() => (BalanceAfter, EntrySeq, EffectiveAt) = (null, null, null);

    internal Result ApplyTo(BalanceSheet sheet, DateTimeOffset now)
    {
        if (IsWorld)
        {
            throw new InvalidOperationException("World postings are applied by the store.");
        }

        if (IsApplied)
        {
            throw new InvalidOperationException("A posting is applied once.");
        }

        var effect = sheet[AccountId, Amount.Code].Apply(Amount.Amount, now);
        if (effect.IsFailure)
        {
            return effect.Error;
        }

        (BalanceAfter, EntrySeq, EffectiveAt) = (effect.Value.BalanceAfter, effect.Value.EntrySeq, effect.Value.EffectiveAt);
        return Result.Success();
    }
}

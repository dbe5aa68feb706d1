using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Domain.Ledger;

/// <summary>
/// Identifies one user balance: an account's holding of one asset. Keys order by account and asset — the order in
/// which balances are locked, so that concurrent movements never deadlock. (World balances are not locked in this
/// order; the store applies them last, see <see cref="Posting.IsWorld"/>.)
/// </summary>
public readonly record struct BalanceKey(Guid AccountId, AssetCode Asset) : IComparable<BalanceKey>
{
    public int CompareTo(BalanceKey other)
    {
        var account = AccountId.CompareTo(other.AccountId);
        return account != 0 ? account : string.CompareOrdinal(Asset.Value, other.Asset.Value);
    }

    public static bool operator <(BalanceKey left, BalanceKey right) => left.CompareTo(right) < 0;

    public static bool operator >(BalanceKey left, BalanceKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(BalanceKey left, BalanceKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BalanceKey left, BalanceKey right) => left.CompareTo(right) >= 0;
}

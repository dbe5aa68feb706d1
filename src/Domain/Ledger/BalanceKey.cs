using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Domain.Ledger;

/// <summary>
/// Identifies one balance: an account's holding of one asset. Keys order world balances after users' balances, then by
/// account and asset — the order in which balances are locked, so that concurrent movements never deadlock.
/// </summary>
public readonly record struct BalanceKey(Guid AccountId, AssetCode Asset, bool IsWorld) : IComparable<BalanceKey>
{
    public int CompareTo(BalanceKey other)
    {
        var world = IsWorld.CompareTo(other.IsWorld);
        if (world != 0)
        {
            return world;
        }

        var account = AccountId.CompareTo(other.AccountId);
        return account != 0 ? account : string.CompareOrdinal(Asset.Value, other.Asset.Value);
    }

    public static bool operator <(BalanceKey left, BalanceKey right) => left.CompareTo(right) < 0;

    public static bool operator >(BalanceKey left, BalanceKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(BalanceKey left, BalanceKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BalanceKey left, BalanceKey right) => left.CompareTo(right) >= 0;
}

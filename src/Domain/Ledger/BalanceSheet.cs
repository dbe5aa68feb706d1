using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Domain.Ledger;

/// <summary>The balances one operation may touch, locked for it by the caller.</summary>
public sealed class BalanceSheet
{
    private readonly Dictionary<(Guid, AssetCode), Balance> balances;

    public BalanceSheet(IEnumerable<Balance> balances)
    {
        ArgumentNullException.ThrowIfNull(balances);
        this.balances = balances.ToDictionary(b => (b.AccountId, b.Asset.Code));
    }

    public IEnumerable<Balance> All => balances.Values;

    public IEnumerable<Balance> Changed => balances.Values.Where(b => b.IsChanged);

    public Balance this[Guid accountId, AssetCode asset] =>
        balances.TryGetValue((accountId, asset), out var balance)
            ? balance
            : throw new InvalidOperationException($"The balance {accountId}/{asset} was not locked for this operation.");
}

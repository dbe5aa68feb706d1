using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;

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

    /// <summary>
    /// Runs a change that may touch several balances; when it is refused, every balance is put back as it was, so an
    /// operation applies completely or not at all.
    /// </summary>
    internal Result Atomically(Func<Result> change)
    {
        var saved = balances.Values.Select(b => (Balance: b, State: b.Save())).ToList();
        var result = change();
        if (result.IsFailure)
        {
            foreach (var (balance, state) in saved)
            {
                balance.Restore(state);
            }
        }

        return result;
    }

    public Balance this[Guid accountId, AssetCode asset] =>
        balances.TryGetValue((accountId, asset), out var balance)
            ? balance
            : throw new InvalidOperationException($"The balance {accountId}/{asset} was not locked for this operation.");
}

namespace PortfolioTracker.Application.Portfolio;

/// <summary>What the accounts in scope hold of one asset now.</summary>
public sealed record HoldingRow(string Asset, decimal Quantity);

/// <summary>What the accounts in scope held of one asset at the end of a day.</summary>
public sealed record DailyHoldingRow(DateTimeOffset Day, string Asset, decimal Quantity);

/// <summary>
/// One completed transaction's net effect on one asset of one account (reversed transactions and their reversals
/// cancel out and do not appear), with what the cost basis needs to know about it.
/// </summary>
public sealed record CostEvent(
    DateTimeOffset At,
    Guid TransactionId,
    string Type,
    Guid AccountId,
    string Asset,
    decimal Amount,
    string? TradeSide,
    string? TradeAsset,
    string? TradeQuoteAsset,
    decimal? TradeTotal,
    decimal? UnitCostPrice,
    string? UnitCostAsset);

/// <summary>The read side of portfolio valuation.</summary>
public interface IPortfolioQueries
{
    Task<IReadOnlyList<HoldingRow>> HoldingsAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken);

    /// <summary>
    /// Cost events of the accounts in the order their transactions took effect, a transaction's events together (by
    /// account, asset). Streamed: a history of any length is replayed without being held in memory whole.
    /// </summary>
    IAsyncEnumerable<CostEvent> CostEventsAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken);

    /// <summary>Closing holdings of every UTC day from <paramref name="fromDay"/> to <paramref name="toDay"/> (day starts).</summary>
    Task<IReadOnlyList<DailyHoldingRow>> DailyHoldingsAsync(
        IReadOnlyCollection<Guid> accountIds, DateTimeOffset fromDay, DateTimeOffset toDay, CancellationToken cancellationToken);
}

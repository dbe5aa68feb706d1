using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Application.Portfolio;

/// <summary>
/// One holding valued in the quote asset. <c>value</c>, <c>averageCost</c>, <c>costBasis</c> and <c>unrealizedPnl</c>
/// are computed exactly and rounded to the quote's decimals (midpoint away from zero); <c>price</c> is the provider's
/// per-unit price as it came; a holding whose price is unavailable has <c>value: null</c> and an <c>error</c>; an
/// unknown cost basis is null.
/// </summary>
public sealed record HoldingDto(
    string Asset,
    string Quantity,
    string? Price,
    string? Value,
    string? AverageCost,
    string? CostBasis,
    string? UnrealizedPnl,
    string? AllocationPct,
    bool Stale,
    PriceErrorDto? Error);

/// <summary>
/// The portfolio valued in one quote asset at <c>asOf</c>. Totals are the sums of the holdings' rounded figures over the
/// holdings that have them.
/// </summary>
public sealed record PortfolioDto(
    string Quote,
    DateTimeOffset AsOf,
    string TotalValue,
    string TotalCost,
    string UnrealizedPnl,
    IReadOnlyList<HoldingDto> Holdings);

/// <summary>The portfolio's value at an instant.</summary>
public sealed record PerformancePointDto(DateTimeOffset At, string Value);

/// <summary>An asset left out of the performance series because its price history is unavailable.</summary>
public sealed record PerformanceErrorDto(string Asset, string Code, string Message);

/// <summary>Value over time, oldest first; the last item is the current value. <c>errors</c> lists assets left out.</summary>
public sealed record PerformanceDto(string Quote, IReadOnlyList<PerformancePointDto> Items, IReadOnlyList<PerformanceErrorDto> Errors);

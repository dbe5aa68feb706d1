using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices;

/// <summary>
/// A price on the wire: decimal strings (<c>price</c>, <c>marketCap</c>), the 24-hour change in percent with two
/// decimals, when it was fetched and by whom, and whether it is stale.
/// </summary>
public sealed record PriceDto(
    string CoinId,
    string? Symbol,
    string? Name,
    string Price,
    string? MarketCap,
    string? Change24h,
    string Vs,
    DateTimeOffset FetchedAt,
    string Source,
    bool Stale)
{
    public static PriceDto From(MarketPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        return new PriceDto(
            price.CoinId,
            price.Symbol,
            price.Name,
            DecimalAmount.FormatNormalized(price.Price),
            price.MarketCap is { } cap ? DecimalAmount.FormatNormalized(DecimalAmount.Round(cap, 2)) : null,
            price.Change24h is { } change ? DecimalAmount.Format(DecimalAmount.Round(change, 2), 2) : null,
            price.Vs,
            price.FetchedAt,
            price.Source,
            price.Stale);
    }
}

/// <summary>Why a coin of a bulk request has no price.</summary>
public sealed record PriceErrorDto(string Code, string Message);

/// <summary>
/// One item of a bulk answer: a price (with <c>error</c> null) or a coin that failed (with its <c>error</c> and the
/// price fields null). One coin failing never fails the batch.
/// </summary>
public sealed record BulkPriceItemDto(
    string CoinId,
    string? Symbol,
    string? Name,
    string? Price,
    string? MarketCap,
    string? Change24h,
    string? Vs,
    DateTimeOffset? FetchedAt,
    string? Source,
    bool? Stale,
    PriceErrorDto? Error)
{
    public static BulkPriceItemDto Of(PriceDto price)
    {
        ArgumentNullException.ThrowIfNull(price);
        return new(price.CoinId, price.Symbol, price.Name, price.Price, price.MarketCap, price.Change24h, price.Vs, price.FetchedAt, price.Source, price.Stale, null);
    }

    public static BulkPriceItemDto Failed(string coinId, Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(coinId, null, null, null, null, null, null, null, null, null, new PriceErrorDto(error.Code, error.Message));
    }
}

public sealed record BulkPricesDto(IReadOnlyList<BulkPriceItemDto> Items, int SuccessCount, int ErrorCount, long ElapsedMs);

public sealed record PricePointDto(DateTimeOffset At, string Price);

/// <summary>The cache's counters; <c>hitRatio</c> is hits ÷ (hits + misses), 0 when nothing was asked.</summary>
public sealed record PriceCacheStatsDto(long Entries, long Hits, long Misses, decimal HitRatio, long Evictions);

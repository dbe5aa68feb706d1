using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices;

/// <summary>A price as served: who produced it, when it was fetched, and whether it is past its freshness.</summary>
public sealed record MarketPrice(
    string CoinId,
    string? Symbol,
    string? Name,
    decimal Price,
    decimal? MarketCap,
    decimal? Change24h,
    string Vs,
    DateTimeOffset FetchedAt,
    string Source,
    bool Stale);

/// <summary>Why one coin has no price.</summary>
public enum PriceFailure
{
    /// <summary>The primary provider answered and does not know the coin.</summary>
    UnknownCoin,

    /// <summary>Every provider failed and no earlier price is known.</summary>
    Unavailable,

    /// <summary>The caller's deadline passed before a provider answered.</summary>
    TimedOut,
}

/// <summary>One coin's outcome: a price, or why there is none.</summary>
public sealed record PriceOutcome(string CoinId, MarketPrice? Price, PriceFailure? Failure)
{
    public static PriceOutcome Of(MarketPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        return new(price.CoinId, price, null);
    }

    public static PriceOutcome Failed(string coinId, PriceFailure failure) => new(coinId, null, failure);
}

/// <summary>One point of a price history.</summary>
public sealed record PricePoint(DateTimeOffset At, decimal Price);

/// <summary>The cache's counters.</summary>
public sealed record PriceCacheStats(long Entries, long Hits, long Misses, long Evictions);

/// <summary>
/// Market data as the application uses it: cached, single-flight, falling back across providers, serving the last
/// known price (marked stale) when every provider fails.
/// </summary>
public interface IMarketData
{
    /// <summary>The vs currencies prices can be asked in (lower case: usd, eur, …).</summary>
    IReadOnlyCollection<string> VsCurrencies { get; }

    /// <summary>How long a fetched price counts as fresh; an older one is served with <c>stale: true</c>.</summary>
    TimeSpan FreshFor { get; }

    /// <summary>
    /// One outcome per coin (all ids in one upstream call at most). <paramref name="wait"/> bounds how long the caller
    /// waits for providers; coins not answered by then time out, or are served stale when a price is known.
    /// </summary>
    Task<IReadOnlyDictionary<string, PriceOutcome>> GetPricesAsync(
        IReadOnlyCollection<string> coinIds, string vs, TimeSpan? wait, CancellationToken cancellationToken);

    /// <summary>The top coins by market capitalisation, largest first.</summary>
    Task<Result<IReadOnlyList<MarketPrice>>> GetPopularAsync(string vs, int limit, CancellationToken cancellationToken);

    /// <summary>A coin's prices over the last <paramref name="days"/> days, oldest first.</summary>
    Task<Result<IReadOnlyList<PricePoint>>> GetHistoryAsync(string coinId, string vs, int days, CancellationToken cancellationToken);

    PriceCacheStats Stats();

    void Clear();
}

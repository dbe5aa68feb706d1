namespace PortfolioTracker.Infrastructure.Prices;

/// <summary>Settings of the <c>Prices</c> section: which providers, caching, refreshing, and each provider's budget.</summary>
public sealed class PricesOptions
{
    public const string SectionName = "Prices";

    /// <summary>The first provider asked: <c>Simulated</c> (offline), <c>CoinGecko</c> or <c>Binance</c>.</summary>
    public string Provider { get; set; } = "CoinGecko";

    /// <summary>
    /// Providers asked, in order, while the ones before fail or their circuit is open (default <c>Binance</c>; the
    /// simulation never falls back). Env: <c>Prices__Fallbacks__0=Binance</c>.
    /// </summary>
    public IList<string> Fallbacks { get; } = [];

    /// <summary>How long a price is served from the cache before it is fetched again (default 60 s).</summary>
    public int CacheTtlSeconds { get; set; } = 60;

    /// <summary>How long an id no provider knows is remembered as unknown (default 60 s).</summary>
    public int NegativeCacheSeconds { get; set; } = 60;

    /// <summary>At most this many (coin, vs) prices are kept; the least recently used go first (default 10,000).</summary>
    public int MaxCacheEntries { get; set; } = 10_000;

    /// <summary>How long a price history is served from the cache (default 300 s).</summary>
    public int HistoryCacheSeconds { get; set; } = 300;

    /// <summary>The background refresher keeps held and recently requested coins warm (default on).</summary>
    public bool RefreshEnabled { get; set; } = true;

    /// <summary>
    /// How often the refresher runs (default 30 s for real providers, whose budgets are small; 2 s for the simulation).
    /// Streamed prices are refreshed every round; other held and recently asked prices only before they expire.
    /// </summary>
    public int? RefreshIntervalSeconds { get; set; }

    /// <summary>How often an instance that does not refresh prices tries to take over (default 5 s).</summary>
    public int LeaderRetrySeconds { get; set; } = 5;

    /// <summary>The refresher's interval after defaults.</summary>
    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(Math.Max(1, RefreshIntervalSeconds
        ?? (string.Equals(Provider, "Simulated", StringComparison.OrdinalIgnoreCase) ? 2 : 30)));

    /// <summary>The vs currencies prices can be asked in (lower case).</summary>
    public IList<string> VsCurrencies { get; } = [];

    public CoinGeckoOptions CoinGecko { get; set; } = new();

    public BinanceOptions Binance { get; set; } = new();

    /// <summary>The vs currencies when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultVsCurrencies = ["usd", "eur", "gbp", "btc", "eth"];

    /// <summary>The fallbacks when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultFallbacks = ["Binance"];
}

/// <summary>How one HTTP provider is called: the Polly pipeline around every request, and the request budget.</summary>
public class ProviderResilienceOptions
{
    /// <summary>Requests per minute the provider's plan allows; a token bucket keeps us below it.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Timeout of one attempt (default 3 s).</summary>
    public int AttemptTimeoutSeconds { get; set; } = 3;

    /// <summary>Timeout of a call with all its retries (default 10 s).</summary>
    public int TotalTimeoutSeconds { get; set; } = 10;

    /// <summary>Retries after the first attempt (default 2), with exponential backoff and jitter, honouring Retry-After.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base delay of the exponential backoff (default 200 ms).</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 200;

    /// <summary>The breaker opens when this share of calls fail within the sampling window (default 0.5).</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>… provided at least this many calls were made in the window (default 4).</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    /// <summary>The breaker's sampling window (default 30 s).</summary>
    public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open breaker refuses calls before letting one through (default 30 s).</summary>
    public int BreakDurationSeconds { get; set; } = 30;
}

/// <summary>CoinGecko: <c>/simple/price</c>, <c>/coins/markets</c>, <c>/coins/{id}/market_chart</c>.</summary>
public sealed class CoinGeckoOptions : ProviderResilienceOptions
{
    public CoinGeckoOptions() => RequestsPerMinute = 10;

    /// <summary>Default https://api.coingecko.com/api/v3 (pro: https://pro-api.coingecko.com/api/v3).</summary>
    public string BaseUrl { get; set; } = "https://api.coingecko.com/api/v3";

    /// <summary>An API key, sent as <c>x-cg-demo-api-key</c> or <c>x-cg-pro-api-key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>demo</c> (default) or <c>pro</c>.</summary>
    public string ApiKeyType { get; set; } = "demo";
}

/// <summary>Binance public market data: 24h tickers and klines of <c>XXXUSDT</c> pairs (USDT≈USD).</summary>
public sealed class BinanceOptions : ProviderResilienceOptions
{
    public BinanceOptions() => RequestsPerMinute = 600;

    public string BaseUrl { get; set; } = "https://api.binance.com";
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Infrastructure.Prices;

/// <summary>
/// Market data behind a per-instance cache:
/// <list type="bullet">
/// <item>prices per (coin, vs) are fresh for <c>CacheTtlSeconds</c>; afterwards they are fetched again, and kept as
/// the last known price, served with <c>stale: true</c> and their real <c>fetchedAt</c> when every provider fails;</item>
/// <item>all of a request's misses are fetched in one upstream call, and concurrent misses of the same coin share
/// that call (single flight) — a caller's deadline ends only its own wait, never the shared call;</item>
/// <item>ids the primary provider does not know are remembered as unknown for <c>NegativeCacheSeconds</c> — unless
/// they were priced before: an answer that omits a known coin leaves its last price, served stale;</item>
/// <item>at most <c>MaxCacheEntries</c> prices are kept, the least recently used are evicted first.</item>
/// </list>
/// </summary>
internal sealed class MarketDataService : IMarketData
{
    /// <summary>Histories kept at most (a 365-day history is about 9,000 points).</summary>
    private const int MaxHistoryEntries = 1_000;

    private readonly PriceSourceChain chain;
    private readonly IAssetCatalog catalog;
    private readonly PricesOptions options;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<(string Coin, string Vs), PriceEntry> prices = new();
    private readonly ConcurrentDictionary<(string Coin, string Vs), Task<Fetched>> inflight = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<MarketsEntry?>>> popularInflight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MarketsEntry> popular = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Coin, string Vs, int Days), HistoryEntry> history = new();
    private readonly ConcurrentDictionary<(string Coin, string Vs, int Days), Lazy<Task<HistoryEntry?>>> historyInflight = new();
    private readonly ConcurrentDictionary<string, (string? Symbol, string? Name)> names = new(StringComparer.Ordinal);
    private readonly Lock batchGate = new();
    private long hits;
    private long misses;
    private long hitsBeforeClear;
    private long missesBeforeClear;
    private long evictions;
    private int evicting;

    public MarketDataService(PriceSourceChain chain, IAssetCatalog catalog, IOptions<PricesOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.chain = chain;
        this.catalog = catalog;
        this.options = options.Value;
        this.clock = clock;
        VsCurrencies = this.options.VsCurrencies.Count > 0 ? [.. this.options.VsCurrencies] : PricesOptions.DefaultVsCurrencies;
    }

    public IReadOnlyCollection<string> VsCurrencies { get; }

    public TimeSpan FreshFor => Ttl;

    private TimeSpan Ttl => TimeSpan.FromSeconds(Math.Max(1, options.CacheTtlSeconds));

    public async Task<IReadOnlyDictionary<string, PriceOutcome>> GetPricesAsync(
        IReadOnlyCollection<string> coinIds, string vs, TimeSpan? wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coinIds);
        var now = clock.GetUtcNow();
        var outcomes = new Dictionary<string, PriceOutcome>(StringComparer.Ordinal);
        var waiting = new List<(string Coin, Task<Fetched> Fetch)>();
        lock (batchGate)
        {
            List<string>? toFetch = null;
            foreach (var coin in coinIds.Distinct(StringComparer.Ordinal))
            {
                var key = (coin, vs);
                if (prices.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
                {
                    Interlocked.Increment(ref hits);
                    entry.Touch(now);
                    outcomes[coin] = entry.Price is { } price ? PriceOutcome.Of(price) : PriceOutcome.Failed(coin, PriceFailure.UnknownCoin);
                    continue;
                }

                Interlocked.Increment(ref misses);
                if (inflight.TryGetValue(key, out var running))
                {
                    waiting.Add((coin, running));
                }
                else
                {
                    (toFetch ??= []).Add(coin);
                }
            }

            if (toFetch is not null)
            {
                // One upstream call for every coin this request misses; other requests missing them wait on it.
                var fetch = Task.Run(() => FetchAsync(toFetch, vs), CancellationToken.None);
                foreach (var coin in toFetch)
                {
                    inflight[(coin, vs)] = fetch;
                    waiting.Add((coin, fetch));
                }
            }
        }

        if (waiting.Count > 0)
        {
            var all = Task.WhenAll(waiting.Select(w => w.Fetch).Distinct());
            try
            {
                await (wait is { } limit ? all.WaitAsync(limit, cancellationToken) : all.WaitAsync(cancellationToken));
            }
            catch (TimeoutException)
            {
                // The caller's deadline: coins whose fetch is still running are answered from what is known.
            }
        }

        foreach (var (coin, fetch) in waiting)
        {
            outcomes[coin] = !fetch.IsCompletedSuccessfully ? OutcomeWithoutAnswer(coin, vs, PriceFailure.TimedOut)
                : fetch.Result.Prices.TryGetValue(coin, out var price) ? PriceOutcome.Of(price)
                : fetch.Result.Unknown.Contains(coin) ? PriceOutcome.Failed(coin, PriceFailure.UnknownCoin)
                : OutcomeWithoutAnswer(coin, vs, PriceFailure.Unavailable);
        }

        return outcomes;
    }

    public async Task<Result<IReadOnlyList<MarketPrice>>> GetPopularAsync(string vs, int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (popular.TryGetValue(vs, out var cached) && cached.ExpiresAt > now)
        {
            Interlocked.Increment(ref hits);
            return Top(cached.Prices, limit);
        }

        Interlocked.Increment(ref misses);
        var lazy = popularInflight.GetOrAdd(vs, _ => new Lazy<Task<MarketsEntry?>>(() => Task.Run(() => FetchMarketsAsync(vs), CancellationToken.None)));
        MarketsEntry? fetched;
        try
        {
            fetched = await lazy.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            popularInflight.TryRemove(new KeyValuePair<string, Lazy<Task<MarketsEntry?>>>(vs, lazy));
        }

        if (fetched is not null)
        {
            return Top(fetched.Prices, limit);
        }

        return popular.TryGetValue(vs, out var last)
            ? Top([.. last.Prices.Select(p => p with { Stale = true })], limit)
            : PriceErrors.Unavailable;
    }

    public async Task<Result<IReadOnlyList<PricePoint>>> GetHistoryAsync(string coinId, string vs, int days, CancellationToken cancellationToken)
    {
        var key = (coinId, vs, days);
        var now = clock.GetUtcNow();
        if (history.TryGetValue(key, out var cached) && cached.ExpiresAt > now)
        {
            Interlocked.Increment(ref hits);
            return cached.Points.Count == 0 ? PriceErrors.UnknownCoin : Result<IReadOnlyList<PricePoint>>.Success(cached.Points);
        }

        Interlocked.Increment(ref misses);
        var lazy = historyInflight.GetOrAdd(key, _ => new Lazy<Task<HistoryEntry?>>(() => Task.Run(() => FetchHistoryAsync(coinId, vs, days), CancellationToken.None)));
        HistoryEntry? fetched;
        try
        {
            fetched = await lazy.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            historyInflight.TryRemove(new KeyValuePair<(string, string, int), Lazy<Task<HistoryEntry?>>>(key, lazy));
        }

        var entry = fetched ?? (history.TryGetValue(key, out var last) ? last : null);
        if (entry is null)
        {
            return PriceErrors.Unavailable;
        }

        return entry.Points.Count == 0 ? PriceErrors.UnknownCoin : Result<IReadOnlyList<PricePoint>>.Success(entry.Points);
    }

    public PriceCacheStats Stats() =>
        new(
            prices.Count,
            Interlocked.Read(ref hits) - Interlocked.Read(ref hitsBeforeClear),
            Interlocked.Read(ref misses) - Interlocked.Read(ref missesBeforeClear),
            Interlocked.Read(ref evictions));

    /// <summary>
    /// Hits and misses since start-up, which <see cref="Clear"/> does not reset (the metrics are monotonic counters),
    /// and the entries now.
    /// </summary>
    internal (long Hits, long Misses, int Entries) Lifetime() => (Interlocked.Read(ref hits), Interlocked.Read(ref misses), prices.Count);

    /// <summary>Empties the cache and starts the counters of <see cref="Stats"/> again from zero.</summary>
    public void Clear()
    {
        prices.Clear();
        popular.Clear();
        history.Clear();
        Interlocked.Exchange(ref hitsBeforeClear, Interlocked.Read(ref hits));
        Interlocked.Exchange(ref missesBeforeClear, Interlocked.Read(ref misses));
        Interlocked.Exchange(ref evictions, 0);
    }

    /// <summary>
    /// Takes prices another instance (or this one) fetched and published: each is cached as fetched at its own time,
    /// unless a newer price of that coin is already known.
    /// </summary>
    internal void Accept(IReadOnlyList<MarketPrice> published)
    {
        foreach (var price in published)
        {
            var key = (price.CoinId, price.Vs);
            if (prices.TryGetValue(key, out var known) && known.Price is { } current && current.FetchedAt >= price.FetchedAt)
            {
                continue;
            }

            if (price.Symbol is not null || price.Name is not null)
            {
                names[price.CoinId] = (price.Symbol, price.Name);
            }

            // Not an access: a price nobody here asks for stays out of "recently requested" and is evicted first.
            prices[key] = PriceEntry.Fresh(price with { Stale = false }, price.FetchedAt + Ttl, known?.LastAccess ?? DateTimeOffset.UnixEpoch);
        }

        EvictIfFull();
    }

    /// <summary>The cached price of a coin if it is fresh now.</summary>
    internal MarketPrice? Fresh(string coin, string vs) =>
        prices.TryGetValue((coin, vs), out var entry) && entry.ExpiresAt > clock.GetUtcNow() ? entry.Price : null;

    /// <summary>The (coin, vs) pairs asked for within <paramref name="within"/>, and when each stops being fresh.</summary>
    internal IReadOnlyList<(string Coin, string Vs, DateTimeOffset ExpiresAt)> RecentlyRequested(TimeSpan within)
    {
        var since = clock.GetUtcNow() - within;
        return [.. prices.Where(p => p.Value.Price is not null && p.Value.LastAccess >= since).Select(p => (p.Key.Coin, p.Key.Vs, p.Value.ExpiresAt))];
    }

    /// <summary>Whether the cached price stays fresh for at least <paramref name="margin"/> (the refresher skips those).</summary>
    internal bool IsFreshFor(string coin, string vs, TimeSpan margin) =>
        prices.TryGetValue((coin, vs), out var entry) && entry.ExpiresAt > clock.GetUtcNow() + margin;

    /// <summary>Fetches the coins now, whether or not they are still fresh (sharing a fetch already running).</summary>
    internal Task RefreshAsync(IReadOnlyCollection<string> coins, string vs)
    {
        Task<Fetched>? fetch = null;
        var running = new List<Task>();
        lock (batchGate)
        {
            var toFetch = new List<string>();
            foreach (var coin in coins.Distinct(StringComparer.Ordinal))
            {
                if (inflight.TryGetValue((coin, vs), out var existing))
                {
                    running.Add(existing);
                }
                else
                {
                    toFetch.Add(coin);
                }
            }

            if (toFetch.Count > 0)
            {
                fetch = Task.Run(() => FetchAsync(toFetch, vs), CancellationToken.None);
                foreach (var coin in toFetch)
                {
                    inflight[(coin, vs)] = fetch;
                }

                running.Add(fetch);
            }
        }

        return Task.WhenAll(running);
    }

    private static Result<IReadOnlyList<MarketPrice>> Top(IReadOnlyList<MarketPrice> prices, int limit) =>
        Result<IReadOnlyList<MarketPrice>>.Success([.. prices.Take(limit)]);

    private async Task<Fetched> FetchAsync(List<string> coins, string vs)
    {
        try
        {
            var result = await chain.GetPricesAsync(coins, vs, CancellationToken.None);
            var assets = await catalog.ListAsync(CancellationToken.None);
            var now = clock.GetUtcNow();
            var fetched = new Dictionary<string, MarketPrice>(StringComparer.Ordinal);
            foreach (var (quote, source) in result.Found)
            {
                fetched[quote.CoinId] = Store(quote, vs, source, now, assets);
            }

            var unknown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var coin in result.Unknown)
            {
                // A coin priced before that the primary now answers without is more likely a partial answer than a
                // delisting: its last price stays and is served stale (with its real fetchedAt, so its age shows)
                // until the primary prices it again. Only a coin never priced is remembered as unknown.
                if (prices.TryGetValue((coin, vs), out var known) && known.Price is not null)
                {
                    continue;
                }

                unknown.Add(coin);
                prices[(coin, vs)] = PriceEntry.UnknownCoin(now + TimeSpan.FromSeconds(Math.Max(1, options.NegativeCacheSeconds)), now);
            }

            EvictIfFull();
            return new Fetched(fetched, unknown);
        }
        finally
        {
            // Under the gate the starter registers this fetch in: a fetch that ends before it was registered would
            // otherwise stay "in flight" for ever, and its old answer would be served as fresh.
            lock (batchGate)
            {
                foreach (var coin in coins)
                {
                    inflight.TryRemove((coin, vs), out _);
                }
            }
        }
    }

    private async Task<MarketsEntry?> FetchMarketsAsync(string vs)
    {
        var answer = await chain.GetMarketsAsync(vs, 50, CancellationToken.None);
        if (answer is not { } markets)
        {
            return null;
        }

        var assets = await catalog.ListAsync(CancellationToken.None);
        var now = clock.GetUtcNow();
        var list = new List<MarketPrice>();
        foreach (var quote in markets.Quotes)
        {
            list.Add(Store(quote, vs, markets.Source, now, assets));
        }

        EvictIfFull();
        var entry = new MarketsEntry(list, now + Ttl);
        popular[vs] = entry;
        return entry;
    }

    private async Task<HistoryEntry?> FetchHistoryAsync(string coinId, string vs, int days)
    {
        var answer = await chain.GetHistoryAsync(coinId, vs, days, CancellationToken.None);
        if (answer is not { } points)
        {
            return null;
        }

        var entry = new HistoryEntry(
            [.. points.Points.OrderBy(p => p.At).Select(p => new PricePoint(p.At, p.Price))],
            clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(1, options.HistoryCacheSeconds)));
        history[(coinId, vs, days)] = entry;
        if (history.Count > MaxHistoryEntries)
        {
            // Expired histories go, then those expiring soonest until the bound holds.
            var now = clock.GetUtcNow();
            var byExpiry = history.OrderBy(h => h.Value.ExpiresAt).ToList();
            var drop = Math.Max(byExpiry.Count - MaxHistoryEntries, byExpiry.Count(h => h.Value.ExpiresAt <= now));
            foreach (var (key, _) in byExpiry.Take(drop))
            {
                history.TryRemove(key, out _);
            }
        }

        return entry;
    }

    /// <summary>Caches a provider's quote, naming the coin from the provider, an earlier answer or the asset catalog.</summary>
    private MarketPrice Store(ProviderQuote quote, string vs, string source, DateTimeOffset now, IReadOnlyList<Domain.Assets.Asset> assets)
    {
        if (quote.Symbol is not null || quote.Name is not null)
        {
            names[quote.CoinId] = (quote.Symbol, quote.Name);
        }

        var asset = assets.FirstOrDefault(a => a.PriceId == quote.CoinId);
        var (symbol, name) = names.TryGetValue(quote.CoinId, out var known) ? known : (asset?.Code.Value, asset?.Name);
        var price = new MarketPrice(quote.CoinId, quote.Symbol ?? symbol, quote.Name ?? name, quote.Price, quote.MarketCap, quote.Change24h, vs, now, source, Stale: false);
        prices[(quote.CoinId, vs)] = PriceEntry.Fresh(price, now + Ttl, now);
        return price;
    }

    /// <summary>No fresh answer: the last known price, marked stale, or the failure.</summary>
    private PriceOutcome OutcomeWithoutAnswer(string coin, string vs, PriceFailure failure) =>
        prices.TryGetValue((coin, vs), out var entry) && entry.Price is { } last
            ? PriceOutcome.Of(last with { Stale = true })
            : PriceOutcome.Failed(coin, failure);

    /// <summary>Past the size bound, drops the least recently used tenth of the entries (one eviction at a time).</summary>
    private void EvictIfFull()
    {
        var max = Math.Max(1, options.MaxCacheEntries);
        if (prices.Count <= max || Interlocked.Exchange(ref evicting, 1) == 1)
        {
            return;
        }

        try
        {
            var excess = prices.Count - max + Math.Max(1, max / 10);
            foreach (var key in prices.OrderBy(p => p.Value.LastAccess).Take(excess).Select(p => p.Key).ToList())
            {
                if (prices.TryRemove(key, out _))
                {
                    Interlocked.Increment(ref evictions);
                }
            }
        }
        finally
        {
            Volatile.Write(ref evicting, 0);
        }
    }

    private sealed class PriceEntry
    {
        private long lastAccessTicks;

        private PriceEntry(MarketPrice? price, DateTimeOffset expiresAt, DateTimeOffset now)
        {
            Price = price;
            ExpiresAt = expiresAt;
            lastAccessTicks = now.UtcTicks;
        }

        /// <summary>The price; null for a coin the primary provider does not know.</summary>
        public MarketPrice? Price { get; }

        public DateTimeOffset ExpiresAt { get; }

        public DateTimeOffset LastAccess => new(Interlocked.Read(ref lastAccessTicks), TimeSpan.Zero);

        public static PriceEntry Fresh(MarketPrice price, DateTimeOffset expiresAt, DateTimeOffset now) => new(price, expiresAt, now);

        public static PriceEntry UnknownCoin(DateTimeOffset expiresAt, DateTimeOffset now) => new(null, expiresAt, now);

        public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref lastAccessTicks, now.UtcTicks);
    }

    /// <summary>What one upstream fetch brought: the prices found, and the coins the primary provider does not know.</summary>
    private sealed record Fetched(IReadOnlyDictionary<string, MarketPrice> Prices, IReadOnlySet<string> Unknown);

    private sealed record MarketsEntry(IReadOnlyList<MarketPrice> Prices, DateTimeOffset ExpiresAt);

    private sealed record HistoryEntry(IReadOnlyList<PricePoint> Points, DateTimeOffset ExpiresAt);
}

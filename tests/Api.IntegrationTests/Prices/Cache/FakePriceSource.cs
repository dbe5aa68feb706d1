using System.Collections.Concurrent;
using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Cache;

/// <summary>
/// A hand-written provider: answers the coins it was given prices for (others are absent, i.e. unknown to it), records
/// every call with the ids it was asked for, can hold every call on a gate until the test opens it, and can fail with
/// whatever exception the test chooses.
/// </summary>
internal sealed class FakePriceSource(string name = "fake") : IPriceSource
{
    private readonly ConcurrentDictionary<string, decimal> prices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Coin, string Vs), decimal> pricesIn = new();
    private readonly ConcurrentQueue<(string Vs, IReadOnlyList<string> Coins)> priceCalls = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<ProviderPricePoint>> histories = new(StringComparer.Ordinal);
    private int marketCalls;
    private int historyCalls;
    private volatile TaskCompletionSource? gate;
    private volatile Func<Exception>? failure;
    private TaskCompletionSource called = NewSignal();

    public string Name => name;

    /// <summary>How many price calls were made, and the ids each one asked for.</summary>
    public IReadOnlyList<IReadOnlyList<string>> PriceCalls => [.. priceCalls.Select(c => c.Coins)];

    /// <summary>The price calls with their vs currency.</summary>
    public IReadOnlyList<(string Vs, IReadOnlyList<string> Coins)> PriceCallsWithVs => [.. priceCalls];

    public int MarketCalls => Volatile.Read(ref marketCalls);

    public int HistoryCalls => Volatile.Read(ref historyCalls);

    /// <summary>Completes when the next call (of any kind) arrives.</summary>
    public Task Called => Volatile.Read(ref called).Task;

    /// <summary>Knows the coin at this USD-like price; its market cap is the price times a million.</summary>
    public FakePriceSource With(string coin, decimal price)
    {
        prices[coin] = price;
        return this;
    }

    /// <summary>No longer knows the coin: later answers omit it.</summary>
    public FakePriceSource Without(string coin)
    {
        prices.TryRemove(coin, out _);
        foreach (var key in pricesIn.Keys.Where(k => k.Coin == coin))
        {
            pricesIn.TryRemove(key, out _);
        }

        return this;
    }

    /// <summary>Knows the coin at this price in one vs currency (other vs currencies use <see cref="With"/>'s price).</summary>
    public FakePriceSource WithIn(string vs, string coin, decimal price)
    {
        pricesIn[(coin, vs)] = price;
        return this;
    }

    public FakePriceSource WithHistory(string coin, params ProviderPricePoint[] points)
    {
        histories[coin] = points;
        return this;
    }

    /// <summary>Every later call waits until <see cref="Open"/>.</summary>
    public void Close() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => gate?.TrySetResult();

    /// <summary>Every later call throws <see cref="PriceSourceUnavailableException"/> (or what <paramref name="exception"/> makes).</summary>
    public void Fail(Func<Exception>? exception = null) => failure = exception ?? (() => new PriceSourceUnavailableException($"{name} is down"));

    public void Recover() => failure = null;

    public async Task<IReadOnlyList<ProviderQuote>> GetPricesAsync(IReadOnlyCollection<string> coinIds, string vs, CancellationToken cancellationToken)
    {
        priceCalls.Enqueue((vs, [.. coinIds]));
        await EnterAsync(cancellationToken);
        return [.. coinIds.Where(c => prices.ContainsKey(c) || pricesIn.ContainsKey((c, vs))).Select(c => Quote(c, vs))];
    }

    public async Task<IReadOnlyList<ProviderQuote>> GetMarketsAsync(string vs, int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref marketCalls);
        await EnterAsync(cancellationToken);
        return [.. prices.Keys.Select(c => Quote(c, vs)).OrderByDescending(q => q.MarketCap).Take(limit)];
    }

    public async Task<IReadOnlyList<ProviderPricePoint>> GetHistoryAsync(string coinId, string vs, int days, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref historyCalls);
        await EnterAsync(cancellationToken);
        return histories.TryGetValue(coinId, out var points) ? points : [];
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProviderQuote Quote(string coin, string vs)
    {
        var price = pricesIn.TryGetValue((coin, vs), out var inVs) ? inVs : prices[coin];
        return new(coin, coin[..Math.Min(3, coin.Length)].ToUpperInvariant(), $"{coin} coin", price, price * 1_000_000m, 1.5m, null);
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref called, NewSignal()).TrySetResult();
        if (gate is { } closed)
        {
            await closed.Task.WaitAsync(cancellationToken);
        }

        if (failure is { } fail)
        {
            throw fail();
        }
    }
}

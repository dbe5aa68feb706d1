using System.Runtime.CompilerServices;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices.Streaming;

/// <summary>One event of a price stream: its id (increasing) and the coin's price.</summary>
public sealed record PriceStreamEvent(long Id, PriceDto Price);

/// <summary>A coin a stream cannot price (unknown to the providers, or unavailable when the stream started).</summary>
public sealed record PriceStreamError(string CoinId, Error Error);

/// <summary>One tick of a stream: one event per coin that has a price, in the order the coins were asked for.</summary>
public sealed record PriceStreamTick(IReadOnlyList<PriceStreamEvent> Events, IReadOnlyList<PriceStreamError> Errors);

/// <summary>
/// The prices of some coins, tick after tick, for one client. The first tick is immediate; after that a tick is sent
/// about every <c>interval</c>, in step with the published price updates (see <see cref="TickSchedule"/>), with the
/// latest known prices. A price older than the market's freshness is re-read from the
/// market (and served with <c>stale: true</c> if no provider can refresh it). After <c>maxUpdates</c> ticks the
/// stream ends. Event ids continue from the client's <c>Last-Event-ID</c>.
/// </summary>
public sealed class PriceStreamSession : IDisposable
{
    /// <summary>How long a tick may wait for the market to re-read expired prices.</summary>
    private static readonly TimeSpan MarketWait = TimeSpan.FromSeconds(2);

    private readonly IPriceSubscription subscription;
    private readonly IMarketData market;
    private readonly TimeProvider clock;
    private readonly List<string> coins;
    private readonly string vs;
    private readonly TimeSpan interval;
    private readonly int? maxUpdates;
    private readonly Dictionary<string, MarketPrice> latest = new(StringComparer.Ordinal);
    private readonly List<PriceStreamError> pendingErrors = [];
    private long nextId;

    internal PriceStreamSession(
        IPriceSubscription subscription,
        IMarketData market,
        TimeProvider clock,
        IReadOnlyList<string> coins,
        string vs,
        TimeSpan interval,
        int? maxUpdates,
        long lastEventId,
        IReadOnlyDictionary<string, PriceOutcome> seed)
    {
        this.subscription = subscription;
        this.market = market;
        this.clock = clock;
        this.vs = vs;
        this.interval = interval;
        this.maxUpdates = maxUpdates;
        nextId = lastEventId + 1;
        var priced = new List<string>();
        foreach (var coin in coins)
        {
            var outcome = seed[coin];
            if (outcome.Price is { } price)
            {
                latest[coin] = price;
                priced.Add(coin);
            }
            else if (outcome.Failure == PriceFailure.UnknownCoin)
            {
                // A coin no provider knows will not appear later: said once, then left out.
                pendingErrors.Add(new PriceStreamError(coin, PriceErrors.UnknownCoin));
            }
            else
            {
                priced.Add(coin);
                pendingErrors.Add(new PriceStreamError(coin, PriceErrors.Of(outcome.Failure!.Value)));
            }
        }

        this.coins = priced;
    }

    /// <summary>Ticks until <c>maxUpdates</c> is reached or <paramref name="cancellationToken"/> ends the stream.</summary>
    public async IAsyncEnumerable<PriceStreamTick> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TickSchedule? schedule = null;
        var sent = 0;
        while (maxUpdates is not { } max || sent < max)
        {
            if (schedule is not null)
            {
                await WaitForNextTickAsync(schedule, cancellationToken);
            }

            var tick = await TickAsync(cancellationToken);
            var now = clock.GetUtcNow();
            if (schedule is null)
            {
                schedule = new TickSchedule(interval, now);
            }
            else
            {
                schedule.Sent(now);
            }

            yield return tick;
            sent++;
        }
    }

    /// <summary>Published updates this client's queue dropped because the client read too slowly.</summary>
    public long Dropped => subscription.Dropped;

    public void Dispose() => subscription.Dispose();

    /// <summary>
    /// Takes in published updates until the <paramref name="schedule"/> says the next tick is due (see
    /// <see cref="TickSchedule"/>: a tick carries a price the moment it was published, not up to an interval later).
    /// </summary>
    private async Task WaitForNextTickAsync(TickSchedule schedule, CancellationToken cancellationToken)
    {
        while (true)
        {
            var left = schedule.Due - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            using var timeout = new CancellationTokenSource(left, clock);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                if (!await subscription.Ticks.WaitToReadAsync(wait.Token))
                {
                    // The feed closed (shutting down): end the wait; the caller's token says whether to go on.
                    await Task.Delay(left, clock, cancellationToken);
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (Drain() is { } published && schedule.Updated(clock.GetUtcNow(), published))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Takes every queued update into the latest prices; answers when the last one bringing a newer price was published
    /// (null when none did).
    /// </summary>
    private DateTimeOffset? Drain()
    {
        DateTimeOffset? updated = null;
        while (subscription.Ticks.TryRead(out var tick))
        {
            foreach (var price in tick.Prices)
            {
                if (price.Vs == vs && (!latest.TryGetValue(price.CoinId, out var known) || price.FetchedAt > known.FetchedAt))
                {
                    latest[price.CoinId] = price;
                    updated = tick.PublishedAt;
                }
            }
        }

        return updated;
    }

    private async Task<PriceStreamTick> TickAsync(CancellationToken cancellationToken)
    {
        Drain();
        var now = clock.GetUtcNow();
        var expired = coins.Where(c => !latest.TryGetValue(c, out var price) || now - price.FetchedAt >= market.FreshFor).ToList();
        if (expired.Count > 0)
        {
            var outcomes = await market.GetPricesAsync(expired, vs, MarketWait, cancellationToken);
            foreach (var (coin, outcome) in outcomes)
            {
                if (outcome.Price is { } price && (!latest.TryGetValue(coin, out var known) || price.FetchedAt >= known.FetchedAt))
                {
                    latest[coin] = price;
                }
            }
        }

        var events = new List<PriceStreamEvent>(coins.Count);
        foreach (var coin in coins)
        {
            if (latest.TryGetValue(coin, out var price))
            {
                var stale = price.Stale || now - price.FetchedAt >= market.FreshFor;
                events.Add(new PriceStreamEvent(nextId++, PriceDto.From(price with { Stale = stale })));
            }
        }

        var errors = pendingErrors.ToList();
        pendingErrors.Clear();
        return new PriceStreamTick(events, errors);
    }
}

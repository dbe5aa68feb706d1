using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Infrastructure.Streaming;

/// <summary>
/// The in-process fan-out of price ticks. Publishing offers each subscriber the part of the tick it follows, without
/// ever waiting: each subscriber has a bounded queue that drops its oldest tick when full (counted on the subscription
/// and in the <c>portfoliotracker.stream.ticks_dropped</c> metric). It also knows which prices this instance's
/// subscribers follow, so the refreshing instance can keep them fresh.
/// </summary>
internal sealed class PriceTickHub : IPriceTicks, IDisposable
{
    public const string MeterName = "PortfolioTracker.Streaming";

    private readonly ConcurrentDictionary<Subscription, byte> subscriptions = new();
    private readonly Dictionary<PriceKey, int> followers = [];
    private readonly Lock gate = new();
    private readonly Meter meter;
    private readonly Counter<long> dropped;
    private readonly Counter<long> published;

    public PriceTickHub(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        meter = meters.Create(MeterName);
        dropped = meter.CreateCounter<long>("portfoliotracker.stream.ticks_dropped", "{tick}", "Ticks dropped because a subscriber fell behind.");
        published = meter.CreateCounter<long>("portfoliotracker.stream.ticks_published", "{tick}", "Price ticks offered to this instance's subscribers.");

        // Subscriptions to the tick feed (price SSE streams and WebSockets alike). Connected clients by transport are
        // portfoliotracker.stream.subscribers{transport}, counted by the API where the streams are served.
        meter.CreateObservableGauge("portfoliotracker.stream.feed_subscriptions", () => subscriptions.Count, "{subscription}", "Live subscriptions to the price tick feed on this instance.");
    }

    public int Subscribers => subscriptions.Count;

    /// <summary>Every key some subscriber of this instance follows.</summary>
    public IReadOnlyCollection<PriceKey> Followed
    {
        get
        {
            lock (gate)
            {
                return [.. followers.Keys];
            }
        }
    }

    /// <summary>Raised (outside any lock) when a key gains its first follower.</summary>
    public event Action? FollowedChanged;

    public IPriceSubscription Subscribe(int capacity)
    {
        var subscription = new Subscription(this, capacity);
        subscriptions[subscription] = 0;
        return subscription;
    }

    /// <summary>Offers the tick to every subscriber (filtered to what each follows). Never blocks.</summary>
    public void Publish(PriceTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        published.Add(1);
        foreach (var subscription in subscriptions.Keys)
        {
            subscription.Offer(tick);
        }
    }

    /// <summary>Ends every subscription's queue (on shutdown): readers see the end of the feed.</summary>
    public void Complete()
    {
        foreach (var subscription in subscriptions.Keys)
        {
            subscription.Complete();
        }
    }

    public void Dispose() => meter.Dispose();

    private void Follow(IEnumerable<PriceKey> keys)
    {
        var added = false;
        lock (gate)
        {
            foreach (var key in keys)
            {
                var count = followers.GetValueOrDefault(key);
                followers[key] = count + 1;
                added |= count == 0;
            }
        }

        if (added)
        {
            FollowedChanged?.Invoke();
        }
    }

    private void Unfollow(IEnumerable<PriceKey> keys)
    {
        lock (gate)
        {
            foreach (var key in keys)
            {
                if (followers.TryGetValue(key, out var count))
                {
                    if (count <= 1)
                    {
                        followers.Remove(key);
                    }
                    else
                    {
                        followers[key] = count - 1;
                    }
                }
            }
        }
    }

    private sealed class Subscription : IPriceSubscription
    {
        private readonly PriceTickHub hub;
        private readonly Channel<PriceTick> channel;
        private readonly Lock keysGate = new();
        private HashSet<PriceKey> keys = [];
        private long dropped;
        private int disposed;

        public Subscription(PriceTickHub hub, int capacity)
        {
            this.hub = hub;
            channel = Channel.CreateBounded<PriceTick>(
                new BoundedChannelOptions(Math.Max(1, capacity))
                {
                    FullMode = BoundedChannelFullMode.DropOldest,
                    SingleReader = true,
                    SingleWriter = false,
                    AllowSynchronousContinuations = false,
                },
                _ =>
                {
                    Interlocked.Increment(ref dropped);
                    hub.dropped.Add(1);
                });
        }

        public ChannelReader<PriceTick> Ticks => channel.Reader;

        public long Dropped => Interlocked.Read(ref dropped);

        public IReadOnlyCollection<PriceKey> Keys => Volatile.Read(ref keys);

        public IReadOnlyList<PriceKey> Add(IEnumerable<PriceKey> added)
        {
            List<PriceKey> fresh;
            lock (keysGate)
            {
                var next = new HashSet<PriceKey>(keys);
                fresh = [.. added.Distinct().Where(next.Add)];
                Volatile.Write(ref keys, next);
            }

            hub.Follow(fresh);
            return fresh;
        }

        public IReadOnlyList<PriceKey> Remove(IEnumerable<PriceKey> removed)
        {
            List<PriceKey> gone;
            lock (keysGate)
            {
                var next = new HashSet<PriceKey>(keys);
                gone = [.. removed.Distinct().Where(next.Remove)];
                Volatile.Write(ref keys, next);
            }

            hub.Unfollow(gone);
            return gone;
        }

        public void Offer(PriceTick tick)
        {
            var followed = Volatile.Read(ref keys);
            if (followed.Count == 0)
            {
                return;
            }

            var mine = tick.Prices.Where(p => followed.Contains(new PriceKey(p.CoinId, p.Vs))).ToList();
            if (mine.Count > 0)
            {
                channel.Writer.TryWrite(mine.Count == tick.Prices.Count ? tick : tick with { Prices = mine });
            }
        }

        public void Complete() => channel.Writer.TryComplete();

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1)
            {
                return;
            }

            hub.subscriptions.TryRemove(this, out _);
            channel.Writer.TryComplete();
            lock (keysGate)
            {
                hub.Unfollow(keys);
                keys = [];
            }
        }
    }
}

using System.Threading.Channels;

namespace PortfolioTracker.Application.Prices.Streaming;

/// <summary>A coin's price in one vs currency: what a stream subscribes to.</summary>
public readonly record struct PriceKey(string Coin, string Vs);

/// <summary>Fresh prices as the refreshing instance fetched and published them.</summary>
/// <param name="Sequence">Increases with every tick of the publishing instance.</param>
/// <param name="PublishedAt">When the tick was published (the fan-out latency is measured from here).</param>
/// <param name="Prices">The prices, each with its own <see cref="MarketPrice.FetchedAt"/>.</param>
public sealed record PriceTick(long Sequence, DateTimeOffset PublishedAt, IReadOnlyList<MarketPrice> Prices);

/// <summary>
/// The live price feed of this instance: every tick published by the refreshing instance (this one or another) is
/// offered to every subscriber, filtered to the keys it follows.
/// </summary>
public interface IPriceTicks
{
    /// <summary>Subscribers now connected to this instance.</summary>
    int Subscribers { get; }

    /// <summary>
    /// A new subscription with a queue of at most <paramref name="capacity"/> ticks: when its reader falls behind, the
    /// oldest ticks are dropped (and counted) — a slow subscriber never slows the others or grows memory.
    /// </summary>
    IPriceSubscription Subscribe(int capacity);
}

/// <summary>One subscriber's view of the feed. Disposing it unsubscribes.</summary>
public interface IPriceSubscription : IDisposable
{
    /// <summary>The ticks, filtered to <see cref="Keys"/> (ticks with none of them are not queued).</summary>
    ChannelReader<PriceTick> Ticks { get; }

    /// <summary>Ticks dropped because the reader fell behind.</summary>
    long Dropped { get; }

    /// <summary>The keys followed now.</summary>
    IReadOnlyCollection<PriceKey> Keys { get; }

    /// <summary>Follows more keys; answers the ones newly added.</summary>
    IReadOnlyList<PriceKey> Add(IEnumerable<PriceKey> keys);

    /// <summary>Stops following keys; answers the ones that were followed.</summary>
    IReadOnlyList<PriceKey> Remove(IEnumerable<PriceKey> keys);
}

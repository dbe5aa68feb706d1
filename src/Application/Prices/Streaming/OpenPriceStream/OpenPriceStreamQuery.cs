using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Prices.Streaming.OpenPriceStream;

/// <param name="Coins">Comma-separated coin ids (1–50; duplicates count once).</param>
/// <param name="Vs">The vs currency (default usd).</param>
/// <param name="Interval">Seconds between ticks, 1–60 (default 5).</param>
/// <param name="MaxUpdates">Ticks to send before the stream ends (default: until the client leaves).</param>
/// <param name="LastEventId">The last event id the client saw (SSE <c>Last-Event-ID</c>); ids continue after it.</param>
public sealed record OpenPriceStreamQuery(string? Coins, string? Vs, int? Interval, int? MaxUpdates, string? LastEventId)
    : IQuery<PriceStreamSession>
{
    public const int MaxCoins = 50;
    public const int DefaultInterval = 5;
    public const int MaxInterval = 60;
    public const int MaxMaxUpdates = 1_000_000;

    /// <summary>The distinct coin ids, in the order given.</summary>
    public IReadOnlyList<string> CoinIds =>
        Coins is null ? [] : [.. Coins.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>The id the client saw last, or 0 when it sent none (or one that is not a number).</summary>
    public long LastId => long.TryParse(LastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0;
}

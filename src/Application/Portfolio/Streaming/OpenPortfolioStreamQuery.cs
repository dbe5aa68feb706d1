using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Portfolio.Streaming;

/// <param name="Quote">The asset values are in (default USD).</param>
/// <param name="AccountId">One account only; all of the caller's accounts when omitted.</param>
/// <param name="Interval">Seconds between snapshots, 1–60 (default 5).</param>
/// <param name="MaxUpdates">Snapshots to send before the stream ends (default: until the client leaves).</param>
/// <param name="LastEventId">The last event id the client saw; ids continue after it.</param>
public sealed record OpenPortfolioStreamQuery(string? Quote, Guid? AccountId, int? Interval, int? MaxUpdates, string? LastEventId)
    : IQuery<PortfolioStreamSession>
{
    public const int DefaultInterval = 5;
    public const int MaxInterval = 60;
    public const int MaxMaxUpdates = 1_000_000;

    public long LastId => long.TryParse(LastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0;
}

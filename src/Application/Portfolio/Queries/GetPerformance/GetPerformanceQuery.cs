using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Portfolio.Queries.GetPerformance;

/// <param name="Quote">The asset values are in (default USD).</param>
/// <param name="From">Start (default 29 days before <paramref name="To"/>).</param>
/// <param name="To">End (default now; later is now).</param>
/// <param name="Interval">Only <c>day</c>.</param>
/// <param name="AccountId">One account only; all of the caller's accounts when omitted.</param>
public sealed record GetPerformanceQuery(string? Quote, DateTimeOffset? From, DateTimeOffset? To, string? Interval, Guid? AccountId)
    : IQuery<PerformanceDto>
{
    public const int MaxDays = 365;
    public const int DefaultDays = 30;

    /// <summary>The range after defaults, with <c>to</c> no later than <paramref name="now"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset now)
    {
        var to = To is { } end && end < now ? end : now;
        var span = TimeSpan.FromDays(DefaultDays - 1);

        // A 'to' within the first days of year 1 has no default 'from' before it: the earliest instant stands in (and
        // the validator refuses it as out of reach), rather than an overflow.
        var from = From ?? (to.UtcTicks - DateTimeOffset.MinValue.UtcTicks >= span.Ticks ? to.ToUniversalTime() - span : DateTimeOffset.MinValue);
        return (from, to);
    }
}

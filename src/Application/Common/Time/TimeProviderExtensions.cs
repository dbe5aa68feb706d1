namespace PortfolioTracker.Application.Common.Time;

public static class TimeProviderExtensions
{
    /// <summary>
    /// The current UTC time truncated to whole microseconds, the precision PostgreSQL stores, so a timestamp
    /// returned at creation equals the one read back later.
    /// </summary>
    public static DateTimeOffset UtcNow(this TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }
}

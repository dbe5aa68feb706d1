namespace PortfolioTracker.Application.Prices.Streaming;

/// <summary>
/// When a stream sends its next tick. A stream asks for a tick every <c>interval</c>; the prices come from the
/// refresher's published updates, which have their own rhythm. Sending strictly on the stream's own clock would make
/// a client wait up to a whole interval for a price that has already arrived (and, when both rhythms are alike, lock
/// into the worst phase), so the schedule follows the updates within small bounds:
/// <list type="bullet">
/// <item>an update arriving in the last part of the interval (a tenth, at most 250 ms) is sent at once;</item>
/// <item>when the updates come about once an interval, each is sent as it arrives (a quarter of an interval after the
/// last tick at least; one arriving sooner is skipped for the next, expected within the grace): the ticks take the
/// updates' phase instead of locking into a fixed lag behind them;</item>
/// <item>an update that arrived earlier in the interval is sent when the interval ends;</item>
/// <item>when nothing new arrived but the updates' rhythm says one is due within a short grace (a quarter of the
/// interval, at most 500 ms), the tick waits for it that long;</item>
/// <item>otherwise the tick repeats the latest prices when the interval ends.</item>
/// </list>
/// So ticks are about an interval apart (0.8–1.25 × once in step; a single tick may come after a quarter of an
/// interval to catch up with the updates' phase), and a price reaches the client the moment it is published whenever the refresher
/// is about as fast as the stream.
/// </summary>
internal sealed class TickSchedule
{
    /// <summary>Updates closer together than this belong to one refresh round (a round may arrive in several parts).</summary>
    private static readonly TimeSpan SameRound = TimeSpan.FromMilliseconds(100);

    private readonly TimeSpan interval;
    private readonly TimeSpan early;
    private readonly TimeSpan grace;
    private DateTimeOffset lastSent;
    private DateTimeOffset? lastUpdate;
    private TimeSpan? updatePeriod;
    private bool unsent;

    public TickSchedule(TimeSpan interval, DateTimeOffset firstSent)
    {
        this.interval = interval;
        early = Min(interval / 10, TimeSpan.FromMilliseconds(250));
        grace = Min(interval / 4, TimeSpan.FromMilliseconds(500));
        lastSent = firstSent;
    }

    /// <summary>A tick was sent at <paramref name="now"/>.</summary>
    public void Sent(DateTimeOffset now)
    {
        lastSent = now;
        unsent = false;
    }

    /// <summary>
    /// An update with a newer price, published at <paramref name="publishedAt"/>, arrived at <paramref name="now"/>; true
    /// when it should be sent now. The updates' rhythm is taken from when they were published, which the time each
    /// stream takes to be woken up does not blur.
    /// </summary>
    public bool Updated(DateTimeOffset now, DateTimeOffset publishedAt)
    {
        if (lastUpdate is not { } previous || publishedAt - previous >= SameRound)
        {
            if (lastUpdate is not null)
            {
                updatePeriod = publishedAt - lastUpdate.Value;
            }

            lastUpdate = publishedAt;
        }

        unsent = true;
        return now >= lastSent + interval - early || (InStep && now >= lastSent + (interval / 4));
    }

    /// <summary>
    /// The updates come about once an interval (0.8–1.25 ×): ticks then go out with them, so one tick catches up with
    /// their phase (coming a quarter of an interval after the last at the soonest, or up to the grace late) and the
    /// following ones carry each update as it arrives.
    /// </summary>
    private bool InStep => updatePeriod is { } period && period >= interval * 0.8 && period <= interval * 1.25;

    /// <summary>When the next tick is due if no update arrives before.</summary>
    public DateTimeOffset Due
    {
        get
        {
            var due = lastSent + interval;
            if ((!unsent || InStep) && lastUpdate is { } last && updatePeriod is { } period
                && last + period > lastSent && last + period <= due + grace)
            {
                // The next update is expected about when the interval ends: a short wait gets it (in step, rather than
                // sending the one that came just after the last tick, an interval late). One expected before the last
                // tick that never came is not waited for: the updates have stopped or changed their rhythm.
                return due + grace;
            }

            return due;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

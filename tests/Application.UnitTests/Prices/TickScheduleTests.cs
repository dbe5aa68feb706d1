using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Application.UnitTests.Prices;

public class TickScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));

    [Fact]
    public void Without_updates_a_tick_is_due_every_interval()
    {
        var schedule = new TickSchedule(Second * 5, T0);

        Assert.Equal(At(5), schedule.Due);
        schedule.Sent(At(5));
        Assert.Equal(At(10), schedule.Due);
    }

    [Fact]
    public void An_update_early_in_the_interval_waits_for_the_interval_to_end()
    {
        var schedule = new TickSchedule(Second * 5, T0);

        Assert.False(schedule.Updated(At(2), At(2)));
        Assert.Equal(At(5), schedule.Due);
    }

    [Theory]
    [InlineData(5, 4.75, true)] // the last tenth of 5 s is capped at 250 ms
    [InlineData(5, 4.74, false)]
    [InlineData(1, 0.9, true)] // a tenth of 1 s
    [InlineData(1, 0.89, false)]
    public void An_update_in_the_last_part_of_the_interval_is_sent_at_once(double interval, double arrival, bool sendNow)
    {
        var schedule = new TickSchedule(TimeSpan.FromSeconds(interval), T0);

        Assert.Equal(sendNow, schedule.Updated(At(arrival), At(arrival)));
    }

    [Fact]
    public void When_updates_come_about_once_an_interval_the_ticks_follow_them_instead_of_locking_into_the_worst_phase()
    {
        // The refresher publishes every 1.01 s and the client asks for 1 s: on the stream's own clock each tick would
        // carry an update half a second (or, drifting, a whole second) late.
        var schedule = new TickSchedule(Second, At(0));
        Assert.False(schedule.Updated(At(0.5), At(0.5)));
        Assert.Equal(At(1), schedule.Due);
        schedule.Sent(At(1));

        // The second update shows the rhythm: this one tick comes 0.51 s after the last to catch up with it...
        Assert.True(schedule.Updated(At(1.51), At(1.51)));
        schedule.Sent(At(1.51));

        for (var round = 2; round < 10; round++)
        {
            var arrival = 0.5 + (1.01 * round);
            var previous = 0.5 + (1.01 * (round - 1));
            // Nothing new at the end of the interval, but the next update is expected within the grace: wait for it.
            Assert.Equal(At(previous + 1.25), schedule.Due);
            Assert.True(schedule.Updated(At(arrival), At(arrival)), $"round {round}");
            schedule.Sent(At(arrival));
        }
    }

    [Theory]
    [InlineData(0.05)] // just after a tick: skipped for the next one, expected 50 ms after the interval ends
    [InlineData(0.2)]
    [InlineData(0.3)] // later: sent at once, one short gap, then in step
    [InlineData(0.6)]
    public void Whatever_the_phase_of_the_updates_the_ticks_fall_in_step_within_two_updates(double phase)
    {
        // Published exactly every second, the client asks for one second: a fixed point where each tick goes out just
        // before an update and carries the previous one, a second late, must not exist.
        var schedule = new TickSchedule(Second, At(0));
        var lastSent = 0.0;
        var lateness = new List<double>();
        for (var round = 0; round < 20; round++)
        {
            var published = phase + round;
            while (schedule.Due <= At(published))
            {
                lastSent = (schedule.Due - T0).TotalSeconds;
                schedule.Sent(schedule.Due);
                lateness.Add(lastSent - (published - 1));
            }

            if (schedule.Updated(At(published), At(published)))
            {
                Assert.True(published - lastSent >= 0.25, $"a tick {published - lastSent:F2} s after the last");
                lastSent = published;
                schedule.Sent(At(published));
                lateness.Add(0);
            }
        }

        Assert.All(lateness.Skip(3), late => Assert.Equal(0, late));
    }

    [Fact]
    public void Updates_faster_than_the_interval_do_not_make_the_ticks_faster()
    {
        // Published every 2 s, asked every 5 s: every update is taken in, but ticks stay 4.75–5 s apart.
        var schedule = new TickSchedule(Second * 5, At(0));
        var lastSent = 0.0;
        for (var arrival = 0.3; arrival < 60; arrival += 2)
        {
            if (schedule.Due <= At(arrival))
            {
                lastSent = (schedule.Due - T0).TotalSeconds;
                schedule.Sent(schedule.Due);
            }

            if (schedule.Updated(At(arrival), At(arrival)))
            {
                Assert.InRange(arrival - lastSent, 4.75, 5);
                lastSent = arrival;
                schedule.Sent(At(arrival));
            }
        }
    }

    [Fact]
    public void When_updates_stop_the_ticks_return_to_the_interval()
    {
        var schedule = new TickSchedule(Second, At(0));
        schedule.Updated(At(0.95), At(0.95));
        schedule.Sent(At(0.95));
        schedule.Updated(At(1.95), At(1.95));
        schedule.Sent(At(1.95));

        // The next update is expected at 2.95: the tick waits for it until 3.2 at most...
        Assert.Equal(At(3.2), schedule.Due);
        schedule.Sent(At(3.2));
        // ...and once it was missed, ticks are due every interval again.
        Assert.Equal(At(4.2), schedule.Due);
        schedule.Sent(At(4.2));
        Assert.Equal(At(5.2), schedule.Due);
    }

    [Fact]
    public void Updates_slower_than_the_interval_are_sent_as_they_arrive_with_repeats_between()
    {
        // Published every 2 s, asked every 1 s.
        var schedule = new TickSchedule(Second, At(0));
        schedule.Updated(At(0.1), At(0.1));
        schedule.Sent(At(1));
        schedule.Updated(At(2.1), At(2.1));
        schedule.Sent(At(2.1));

        // The next update (4.1) is not expected near the end of this interval (3.1): a repeat at 3.1.
        Assert.Equal(At(3.1), schedule.Due);
        schedule.Sent(At(3.1));
        // Then the update is expected within the grace of 4.1: it is waited for and sent when it arrives.
        Assert.Equal(At(4.35), schedule.Due);
        Assert.True(schedule.Updated(At(4.12), At(4.12)));
    }

    [Fact]
    public void The_rhythm_is_that_of_publication_not_of_when_this_stream_was_woken()
    {
        // Published exactly every second; this stream is woken 0.05 s, 0.4 s, then 0.1 s after each publication (many
        // streams share the cores). Arrival gaps of 1.35 s and 0.7 s would look out of step; publication says 1 s.
        var schedule = new TickSchedule(Second, At(0));
        Assert.False(schedule.Updated(At(0.55), At(0.5)));
        schedule.Sent(At(1));
        Assert.True(schedule.Updated(At(1.9), At(1.5)));
        schedule.Sent(At(1.9));
        Assert.True(schedule.Updated(At(2.6), At(2.5)));
    }

    [Fact]
    public void Parts_of_one_refresh_round_do_not_count_as_the_rhythm_of_the_updates()
    {
        var schedule = new TickSchedule(Second * 5, At(0));
        schedule.Updated(At(4.9), At(4.9));
        schedule.Updated(At(4.91), At(4.91)); // a second NOTIFY chunk of the same round
        schedule.Sent(At(4.91));

        // Had the 10 ms gap been taken as the period, an update would seem due at once and every tick would wait.
        Assert.Equal(At(9.91), schedule.Due);
    }

    [Fact]
    public void The_grace_is_a_quarter_of_the_interval_at_most_500_ms()
    {
        var schedule = new TickSchedule(Second * 10, At(0));
        schedule.Updated(At(9.8), At(9.8));
        schedule.Sent(At(9.8));
        schedule.Updated(At(19.9), At(19.9));
        schedule.Sent(At(19.9));

        // Expected again at 30.0, just after the interval ends at 29.9.
        Assert.Equal(At(30.4), schedule.Due);
    }
}

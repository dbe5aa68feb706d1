namespace PortfolioTracker.Api.IntegrationTests.Prices.Cache;

/// <summary>A clock that stands still until the test moves it (whole seconds, so rendered timestamps compare exactly).</summary>
internal sealed class ManualClock : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private long ticks = Start.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}

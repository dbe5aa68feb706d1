namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>A clock that says whatever the test sets.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    /// <summary>2025-06-01 12:00:00.1234567 UTC: the last digit is below a microsecond, so truncation is visible.</summary>
    public static readonly DateTimeOffset DefaultNow = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public FakeTimeProvider()
        : this(DefaultNow)
    {
    }

    public DateTimeOffset Now { get; set; } = utcNow;

    /// <summary>What <c>TimeProviderExtensions.UtcNow</c> makes of <see cref="Now"/>: whole microseconds, UTC.</summary>
    public DateTimeOffset TruncatedNow => new(Now.UtcTicks - (Now.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

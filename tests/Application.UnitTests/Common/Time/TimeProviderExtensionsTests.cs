using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Common.Time;

public class TimeProviderExtensionsTests
{
    private static readonly DateTimeOffset WholeSecond = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1_234_567, 1_234_560)]
    [InlineData(9, 0)]
    [InlineData(10, 10)]
    [InlineData(19, 10)]
    [InlineData(0, 0)]
    public void UtcNow_WhenClockHasSubMicrosecondTicks_TruncatesToWholeMicroseconds(long extraTicks, long expectedExtraTicks)
    {
        var clock = new FakeTimeProvider(WholeSecond.AddTicks(extraTicks));

        var now = clock.UtcNow();

        now.ShouldBe(WholeSecond.AddTicks(expectedExtraTicks));
        (now.UtcTicks % TimeSpan.TicksPerMicrosecond).ShouldBe(0);
    }

    [Fact]
    public void UtcNow_WhenClockReportsAnOffset_ReturnsTheSameInstantInUtc()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(15));

        var now = clock.UtcNow();

        now.Offset.ShouldBe(TimeSpan.Zero);
        now.ShouldBe(WholeSecond.AddTicks(10));
    }

    [Fact]
    public void UtcNow_WhenClockIsNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => ((TimeProvider)null!).UtcNow());
}

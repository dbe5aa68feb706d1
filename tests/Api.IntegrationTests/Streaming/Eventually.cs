namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>Polls a condition that becomes true asynchronously, failing with a message after a deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Shouldly.ShouldAssertException(because);
            }

            await Task.Delay(20);
        }
    }
}

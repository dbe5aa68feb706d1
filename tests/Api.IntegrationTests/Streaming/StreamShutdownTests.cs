using System.Diagnostics;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>Graceful shutdown ends open event streams at once instead of holding the shutdown up.</summary>
public sealed class StreamShutdownTests
{
    [Fact]
    public async Task Shutdown_EndsOpenStreams_Promptly()
    {
        var factory = new ApiFactory();
        await factory.InitializeAsync();
        var client = factory.CreateClient();
        var user = await client.RegisterAndLoginAsync("shutdown");
        await using var prices = await SseReader.OpenAsync(client, "/api/v1/prices/stream?coins=bitcoin&interval=60", user.AccessToken);
        await using var portfolio = await SseReader.OpenAsync(client, "/api/v1/portfolio/stream?interval=60", user.AccessToken);
        (await prices.NextAsync(TimeSpan.FromSeconds(20))).ShouldNotBeNull();
        (await portfolio.NextAsync(TimeSpan.FromSeconds(20))).ShouldNotBeNull();

        var stopping = Stopwatch.StartNew();
        var shutdown = factory.DisposeAsync().AsTask();

        (await prices.NextAsync(TimeSpan.FromSeconds(10))).ShouldBeNull("the price stream ends");
        (await portfolio.NextAsync(TimeSpan.FromSeconds(10))).ShouldBeNull("the portfolio stream ends");
        await shutdown.WaitAsync(TimeSpan.FromSeconds(15));
        stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "well inside the 30 s shutdown timeout");
    }
}

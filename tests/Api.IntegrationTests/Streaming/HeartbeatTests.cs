using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>Heartbeats and the retry hint, with a one-second heartbeat so the test stays short.</summary>
public sealed class HeartbeatTests(HeartbeatTests.Factory factory) : IClassFixture<HeartbeatTests.Factory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task ASilentStream_SendsHeartbeatComments_AndTheConfiguredRetryHint()
    {
        var user = await client.RegisterAndLoginAsync("beat");

        await using var stream = await SseReader.OpenAsync(client, "/api/v1/prices/stream?coins=bitcoin&interval=4&maxUpdates=2", user.AccessToken);
        var events = await stream.ReadToEndAsync(TimeSpan.FromSeconds(20));

        events.Count.ShouldBe(2);
        stream.RetryHints.ShouldBe([1500]);
        stream.Comments.Count(c => c == "heartbeat").ShouldBeInRange(2, 4, "about one a second during the 4 silent seconds");
    }

    public sealed class Factory : ApiFactory
    {
        protected override void Configure(IDictionary<string, string?> configuration)
        {
            configuration["Streaming:HeartbeatSeconds"] = "1";
            configuration["Streaming:RetryMilliseconds"] = "1500";
        }
    }
}

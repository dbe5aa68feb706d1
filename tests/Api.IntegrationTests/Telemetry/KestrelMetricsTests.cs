using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Streaming;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Telemetry;

/// <summary>Metrics only a real server shows: Kestrel's connections, WebSocket subscribers, dropped ticks.</summary>
[Collection(SocketCollection.Name)]
public sealed class KestrelMetricsTests(SocketApiFactory factory) : IDisposable
{
    private readonly HttpClient http = factory.CreateHttpClient();

    [Fact]
    public async Task Metrics_OnKestrel_CountConnectionsAndWebSocketSubscribers()
    {
        var user = await http.RegisterAndLoginAsync("kestrel");

        await using var socket = await PriceSocketClient.ConnectAsync(factory.SocketUri(user.AccessToken));
        await socket.PingAsync("metrics");
        var text = await ScrapeAsync();

        PrometheusExposition.Validate(text);
        var samples = PrometheusExposition.All(text);
        samples.Where(s => s.Name == "portfoliotracker_stream_subscribers" && s.Labels["transport"] == "websocket")
            .Sum(s => s.Value).ShouldBeGreaterThanOrEqualTo(1);
        samples.Where(s => s.Name == "kestrel_active_connections").Sum(s => s.Value).ShouldBeGreaterThanOrEqualTo(2, "the socket and the scrape");
        samples.Where(s => s.Name == "kestrel_upgraded_connections").Sum(s => s.Value).ShouldBeGreaterThanOrEqualTo(1, "the WebSocket upgrade");
    }

    [Fact]
    public async Task Metrics_CountTicksDroppedForASubscriberThatFellBehind()
    {
        var before = Dropped(await ScrapeAsync());
        using (var slow = factory.Hub.Subscribe(1))
        {
            slow.Add([new PriceKey("bitcoin", "usd")]);
            for (var sequence = 1; sequence <= 3; sequence++)
            {
                factory.Hub.Publish(PriceTickHubTests.Tick(sequence, ("bitcoin", 100m + sequence)));
            }
        }

        Dropped(await ScrapeAsync()).ShouldBe(before + 2, "a queue of one keeps the newest of three ticks");
    }

    public void Dispose() => http.Dispose();

    private static double Dropped(string text) =>
        PrometheusExposition.All(text).Where(s => s.Name == "portfoliotracker_stream_ticks_dropped_total").Sum(s => s.Value);

    private async Task<string> ScrapeAsync()
    {
        var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, text);
        return text;
    }
}

using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>Servers of their own: prices pushed by the refresher end to end, and closing sockets on shutdown.</summary>
public sealed class PriceSocketLifetimeTests
{
    [Fact]
    public async Task RefresherTicks_ArePushed_EndToEnd()
    {
        await using var factory = new RefreshingSocketApiFactory();
        await factory.InitializeAsync();
        using var http = factory.CreateHttpClient();
        var user = await http.RegisterAndLoginAsync("socket");
        await using var client = await PriceSocketClient.ConnectAsync(factory.SocketUri(user.AccessToken));

        await client.SendAsync(new { action = "subscribe", coins = new[] { "bitcoin" }, id = "live" });
        await client.ExpectAsync("subscribed");
        var first = (await client.ExpectAsync("price")).ShouldBePriceOf("bitcoin");

        // The refresher (every second) fetches what live sockets follow and publishes it over LISTEN/NOTIFY.
        var pushed = (await client.ExpectAsync("price")).ShouldBePriceOf("bitcoin");
        pushed.FetchedAt().ShouldBeGreaterThan(first.FetchedAt());
    }

    [Fact]
    public async Task ClientAnsweringNoPing_IsDroppedAsDead()
    {
        await using var factory = new KeepAliveSocketApiFactory();
        await factory.InitializeAsync();
        using var http = factory.CreateHttpClient();
        var user = await http.RegisterAndLoginAsync("socket");
        var ticks = factory.Services.GetRequiredService<IPriceTicks>();
        await using var client = await PriceSocketClient.ConnectAsync(factory.SocketUri(user.AccessToken));
        await client.PingAsync("alive");
        ticks.Subscribers.ShouldBe(1);

        // A ClientWebSocket answers the server's ping frames only while it receives: not receiving, it plays dead.
        // The server pings after a second of silence and drops the connection a second later.
        await Eventually.TrueAsync(() => ticks.Subscribers == 0, "the dead client is dropped", TimeSpan.FromSeconds(15));
        await Should.ThrowAsync<WebSocketException>(client.ReceiveAsync);
    }

    [Fact]
    public async Task Shutdown_ClosesOpenSockets_With1001()
    {
        var factory = new SocketApiFactory();
        await factory.InitializeAsync();
        using var http = factory.CreateHttpClient();
        var user = await http.RegisterAndLoginAsync("socket");
        await using var client = await PriceSocketClient.ConnectAsync(factory.SocketUri(user.AccessToken));
        await client.SendAsync(new { action = "subscribe", coins = new[] { "ethereum" } });
        await client.ExpectAsync("subscribed");

        var watch = Stopwatch.StartNew();
        var stopping = Task.Run(async () => await factory.DisposeAsync());
        var (status, description) = await client.ReceiveCloseAsync();
        await client.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));

        status.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
        description.ShouldNotBeNullOrWhiteSpace();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}

/// <summary>Pings a second after the client went silent and gives up on it a second later.</summary>
public sealed class KeepAliveSocketApiFactory : SocketApiFactory
{
    protected override void Configure(IDictionary<string, string?> configuration)
    {
        base.Configure(configuration);
        configuration["Streaming:KeepAliveIntervalSeconds"] = "1";
        configuration["Streaming:KeepAliveTimeoutSeconds"] = "1";
    }
}

using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortfolioTracker.Api.Streaming;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>
/// A real <see cref="PriceSocket"/> (with the server's feed) against a client played by a <see cref="ScriptedWebSocket"/>:
/// clients flooding without reading, reading nothing at all or sending a message without end; closing; and a market
/// held by the test (<see cref="HeldMarket"/>) to show how a subscribe answers when prices are slow.
/// </summary>
[Collection(SocketCollection.Name)]
public sealed class PriceSocketSessionTests(SocketApiFactory factory)
{
    private static readonly TimeSpan Patience = PriceSocketClient.Patience;

    [Fact]
    public async Task ClientSendingWithoutReading_IsClosedWith1008()
    {
        var socket = new ScriptedWebSocket(reading: false);
        using var session = Create(socket, new PriceSocketOptions { FloodGrace = TimeSpan.FromMilliseconds(200) });
        var running = session.RunAsync(CancellationToken.None);

        // The first pong blocks the writer, the queue fills up, and the request after that finds no room.
        for (var i = 0; i < PriceSocket.OutboxCapacity + 2; i++)
        {
            socket.Feed($$"""{"action":"ping","id":"{{i}}"}""");
        }

        await Eventually.TrueAsync(() => session.CloseStatus == WebSocketCloseStatus.PolicyViolation, "the flood is noticed");
        socket.SentClose.ShouldBeNull();

        // Should the client read again, it gets the replies already queued, then the close frame.
        socket.Reading = true;
        await Eventually.TrueAsync(() => socket.SentClose is not null, "the close frame is sent");
        socket.SentClose.ShouldBe(WebSocketCloseStatus.PolicyViolation);
        var pongs = socket.Sent.Select(m => JsonNode.Parse(m)!).ToList();
        pongs.Count.ShouldBeInRange(PriceSocket.OutboxCapacity, PriceSocket.OutboxCapacity + 1);
        pongs.ShouldAllBe(p => p["type"]!.GetValue<string>() == "pong");
        pongs.Select(p => int.Parse(p["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(Enumerable.Range(0, pongs.Count));
        socket.FeedClose();
        await running.WaitAsync(Patience);
        socket.Aborted.ShouldBeFalse();
    }

    [Fact]
    public async Task ClientTakingNothing_IsDroppedAfterTheKeepAliveTimeout()
    {
        var socket = new ScriptedWebSocket(reading: false);
        using var session = Create(socket, new PriceSocketOptions { KeepAliveTimeoutSeconds = 1 });
        var running = session.RunAsync(CancellationToken.None);

        socket.Feed("""{"action":"ping","id":"unread"}""");

        await running.WaitAsync(Patience);
        socket.Aborted.ShouldBeTrue();
        socket.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task MessageGrowingPastTheHardLimit_ClosesWith1009()
    {
        var socket = new ScriptedWebSocket(reading: true);
        using var session = Create(socket, new PriceSocketOptions(), maxDiscardBytes: 10_000);
        var running = session.RunAsync(CancellationToken.None);

        for (var i = 0; i < 3; i++)
        {
            socket.Feed(new byte[4096], WebSocketMessageType.Text, endOfMessage: false);
        }

        await running.WaitAsync(Patience);
        socket.SentClose.ShouldBe(WebSocketCloseStatus.MessageTooBig);
    }

    [Fact]
    public async Task ClientClosing_GetsTheRepliesAlreadyDue_ThenTheCloseFrame()
    {
        var socket = new ScriptedWebSocket(reading: true);
        using var session = Create(socket, new PriceSocketOptions());
        var running = session.RunAsync(CancellationToken.None);

        socket.Feed("""{"action":"ping","id":"last"}""");
        socket.FeedClose();

        await running.WaitAsync(Patience);
        socket.Sent.ShouldBe(["""{"type":"pong","id":"last"}"""]);
        socket.SentClose.ShouldBe(WebSocketCloseStatus.NormalClosure);
        socket.State.ShouldBe(WebSocketState.Closed);
    }

    [Fact]
    public async Task ServerStopping_ClosesWith1001()
    {
        var socket = new ScriptedWebSocket(reading: true);
        using var session = Create(socket, new PriceSocketOptions());
        using var stopping = new CancellationTokenSource();
        var running = session.RunAsync(stopping.Token);

        await stopping.CancelAsync();
        await Eventually.TrueAsync(() => socket.SentClose is not null, "the close frame is sent");
        socket.FeedClose();

        await running.WaitAsync(Patience);
        socket.SentClose.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
        socket.Aborted.ShouldBeFalse();
    }

    [Fact]
    public async Task ServerStopping_DropsAClientThatNeverAnswersTheClose()
    {
        var socket = new ScriptedWebSocket(reading: true);
        using var session = Create(socket, new PriceSocketOptions { CloseTimeoutSeconds = 1 });
        using var stopping = new CancellationTokenSource();
        var running = session.RunAsync(stopping.Token);

        await stopping.CancelAsync();

        await running.WaitAsync(Patience);
        socket.SentClose.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
        socket.Aborted.ShouldBeTrue();
    }

    [Fact]
    public async Task UpdatePublishedWhileTheCurrentPriceIsRead_IsNotLost()
    {
        var market = new HeldMarket();
        var socket = new ScriptedWebSocket(reading: true);
        var subscription = factory.Services.GetRequiredService<IPriceTicks>().Subscribe(PriceSocket.TickQueueCapacity);
        using var session = Create(socket, new PriceSocketOptions(), market: market, subscription: subscription);
        var running = session.RunAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        // The coin is followed, its price is being read, and an update is published (and taken by the writer).
        socket.Feed("""{"action":"subscribe","coins":["aave-x"],"id":"s"}""");
        var call = await market.NextCallAsync();
        factory.Hub.Publish(new PriceTick(1, now, [HeldMarket.Price("aave-x", 2m, now.AddSeconds(1))]));
        await Eventually.TrueAsync(() => subscription.Ticks.Count == 0, "the writer takes the update");
        call.Give(PriceOutcome.Of(HeldMarket.Price("aave-x", 1m, now)));

        await Eventually.TrueAsync(() => socket.Sent.Count >= 2, "2 messages are sent");
        var sent = socket.Sent.Select(m => JsonNode.Parse(m)!.AsObject()).ToList();
        sent[0].ShouldBeSubscription("subscribed", "s", ["aave-x"]);
        sent[1].ShouldBePriceOf("aave-x")["price"]!.GetValue<string>().ShouldBe("2");
        socket.FeedClose();
        await running.WaitAsync(Patience);
        socket.Sent.Count.ShouldBe(2);
    }

    [Fact]
    public async Task PriceNotReadyInTime_IsSentWhenItComes()
    {
        var market = new HeldMarket();
        var socket = new ScriptedWebSocket(reading: true);
        using var session = Create(socket, new PriceSocketOptions(), market: market);
        var running = session.RunAsync(CancellationToken.None);

        socket.Feed("""{"action":"subscribe","coins":["slow-a","slow-b","gone"],"id":"slow"}""");
        (await market.NextCallAsync()).Give(
            PriceOutcome.Failed("slow-a", PriceFailure.TimedOut),
            PriceOutcome.Failed("slow-b", PriceFailure.TimedOut),
            PriceOutcome.Failed("gone", PriceFailure.Unavailable));
        var late = await market.NextCallAsync();
        late.Coins.ShouldBe(["slow-a", "slow-b"]);
        late.Wait.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => socket.Sent.Count >= 2, "2 messages are sent");
        late.Give(PriceOutcome.Of(HeldMarket.Price("slow-a", 5m, DateTimeOffset.UtcNow)), PriceOutcome.Failed("slow-b", PriceFailure.TimedOut));

        await Eventually.TrueAsync(() => socket.Sent.Count >= 4, "4 messages are sent");
        var sent = socket.Sent.Select(m => JsonNode.Parse(m)!.AsObject()).ToList();
        sent[0].ShouldBeSubscription("subscribed", "slow", ["slow-a", "slow-b", "gone"]);
        sent[1].ShouldBeError("price_unavailable", "slow", coin: "gone");
        sent[2].ShouldBeError("price_timeout", "slow", coin: "slow-b");
        sent[3].ShouldBePriceOf("slow-a")["price"]!.GetValue<string>().ShouldBe("5");
        socket.FeedClose();
        await running.WaitAsync(Patience);
    }

    private PriceSocket Create(
        ScriptedWebSocket socket,
        PriceSocketOptions options,
        long maxDiscardBytes = 1024 * 1024,
        IMarketData? market = null,
        IPriceSubscription? subscription = null) =>
        new(
            socket,
            subscription ?? factory.Services.GetRequiredService<IPriceTicks>().Subscribe(PriceSocket.TickQueueCapacity),
            market ?? factory.Services.GetRequiredService<IMarketData>(),
            options,
            maxDiscardBytes,
            factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions,
            TimeProvider.System,
            NullLogger.Instance,
            CancellationToken.None);
}

using System.Net.WebSockets;
using System.Text;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>The messages of <c>/api/v1/stream/ws</c>: subscribing, pushed prices, pings, and every kind of bad message.</summary>
[Collection(SocketCollection.Name)]
public sealed class PriceSocketProtocolTests(SocketApiFactory factory) : IAsyncLifetime
{
    private readonly HttpClient http = factory.CreateHttpClient();
    private PriceSocketClient client = null!;

    public async Task InitializeAsync()
    {
        var user = await http.RegisterAndLoginAsync("socket");
        client = await PriceSocketClient.ConnectAsync(factory.SocketUri(), bearer: user.AccessToken);
    }

    public async Task DisposeAsync()
    {
        await client.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong_EchoingTheId()
    {
        await client.SendAsync(new { action = "ping", id = "p-1" });

        var pong = await client.ExpectAsync("pong");

        pong.Select(m => m.Key).ShouldBe(["type", "id"], ignoreOrder: true);
        pong["id"]!.GetValue<string>().ShouldBe("p-1");
    }

    [Fact]
    public async Task Ping_WithoutAnId_IsAnsweredWithIdNull()
    {
        await client.SendTextAsync("""{"action":"ping"}""");

        var pong = await client.ExpectAsync("pong");

        pong.ContainsKey("id").ShouldBeTrue();
        pong["id"].ShouldBeNull();
    }

    [Fact]
    public async Task Subscribe_AnswersSubscribed_ThenOnePricePerCoin()
    {
        await client.SendAsync(new { action = "subscribe", coins = new[] { "bitcoin", "ethereum" }, id = "s-1" });

        (await client.ReceiveAsync()).ShouldBeSubscription("subscribed", "s-1", ["bitcoin", "ethereum"]);
        var first = await client.ExpectAsync("price");
        var second = await client.ExpectAsync("price");
        new[] { first["data"]!["coinId"]!.GetValue<string>(), second["data"]!["coinId"]!.GetValue<string>() }.ShouldBe(["bitcoin", "ethereum"]);
        first.ShouldBePriceOf("bitcoin")["source"]!.GetValue<string>().ShouldBe("simulated");
        second.ShouldBePriceOf("ethereum");
        await client.PingAsync("nothing-else");
    }

    [Fact]
    public async Task Subscribe_InAnotherVs_AnyCase_AnswersInThatVs()
    {
        await client.SendAsync(new { action = "subscribe", coins = new[] { "solana" }, vs = "EUR", id = "eur" });

        (await client.ReceiveAsync()).ShouldBeSubscription("subscribed", "eur", ["solana"], vs: "eur");
        (await client.ExpectAsync("price")).ShouldBePriceOf("solana", vs: "eur");
    }

    [Fact]
    public async Task Subscribe_ToACoinAlreadyFollowed_AnswersItAgainWithItsPrice()
    {
        await client.SendAsync(new { action = "subscribe", coins = new[] { "bitcoin" }, id = "a" });
        await client.ExpectAsync("subscribed");
        await client.ExpectAsync("price");

        await client.SendAsync(new { action = "subscribe", coins = new[] { "bitcoin", "bitcoin" }, id = "b" });

        (await client.ReceiveAsync()).ShouldBeSubscription("subscribed", "b", ["bitcoin"]);
        (await client.ExpectAsync("price")).ShouldBePriceOf("bitcoin");
    }

    [Fact]
    public async Task Subscribe_ToAnUnknownCoin_SaysNotFound_AndDoesNotKeepIt()
    {
        await client.SendAsync(new { action = "subscribe", coins = new[] { "bitcoin", "no-such-coin-zz" }, id = "u" });

        (await client.ReceiveAsync()).ShouldBeSubscription("subscribed", "u", ["bitcoin"]);
        (await client.ReceiveAsync()).ShouldBeError("not_found", "u", coin: "no-such-coin-zz");
        (await client.ExpectAsync("price")).ShouldBePriceOf("bitcoin");
        factory.Hub.Followed.ShouldNotContain(new PriceKey("no-such-coin-zz", "usd"));
        factory.Hub.Followed.ShouldContain(new PriceKey("bitcoin", "usd"));
    }

    [Fact]
    public async Task PublishedTick_PushesThePriceOfAFollowedCoin_Only()
    {
        await client.SendAsync(new { action = "subscribe", coins = new[] { "cardano" }, id = "c" });
        await client.ExpectAsync("subscribed");
        var snapshot = (await client.ExpectAsync("price")).ShouldBePriceOf("cardano");

        factory.Hub.Publish(Tick(Price("cardano", 0.123456789m, snapshot.FetchedAt().AddSeconds(1)), Price("polkadot", 7m, snapshot.FetchedAt().AddSeconds(1))));

        var pushed = (await client.ExpectAsync("price")).ShouldBePriceOf("cardano");
        pushed["price"]!.GetValue<string>().ShouldBe("0.123456789");
        pushed["source"]!.GetValue<string>().ShouldBe("test");
        pushed.FetchedAt().ShouldBe(snapshot.FetchedAt().AddSeconds(1));
        await client.PingAsync("no-polkadot");
    }

    [Fact]
    public async Task PublishedTick_OlderThanThePriceAlreadySent_IsNotPushed()
    {
        await client.SendAsync(new { action = "subscribe", coins = new[] { "litecoin" }, id = "l" });
        await client.ExpectAsync("subscribed");
        var snapshot = (await client.ExpectAsync("price")).ShouldBePriceOf("litecoin");

        factory.Hub.Publish(Tick(Price("litecoin", 1m, snapshot.FetchedAt().AddMinutes(-1))));

        await client.PingAsync("not-older");
    }

    [Fact]
    public async Task Unsubscribe_AnswersUnsubscribed_AndStopsThePushes()
    {
        await client.SendAsync(new { action = "subscribe", coins = new[] { "dogecoin", "tron" }, id = "s" });
        await client.ExpectAsync("subscribed");
        await client.ExpectAsync("price");
        await client.ExpectAsync("price");

        await client.SendAsync(new { action = "unsubscribe", coins = new[] { "dogecoin" }, id = "x" });

        (await client.ReceiveAsync()).ShouldBeSubscription("unsubscribed", "x", ["dogecoin"]);
        factory.Hub.Publish(Tick(Price("dogecoin", 1m, DateTimeOffset.UtcNow.AddMinutes(1)), Price("tron", 2m, DateTimeOffset.UtcNow.AddMinutes(1))));
        (await client.ExpectAsync("price")).ShouldBePriceOf("tron")["price"]!.GetValue<string>().ShouldBe("2");
        await client.PingAsync("no-dogecoin");
    }

    [Fact]
    public async Task Unsubscribe_FromACoinNotFollowed_IsNoError()
    {
        await client.SendAsync(new { action = "unsubscribe", coins = new[] { "stellar" }, vs = "gbp" });

        (await client.ReceiveAsync()).ShouldBeSubscription("unsubscribed", null, ["stellar"], vs: "gbp");
    }

    [Theory]
    [InlineData("not json", "invalid_message", null)]
    [InlineData("", "invalid_message", null)]
    [InlineData("[1,2]", "invalid_message", null)]
    [InlineData("\"ping\"", "invalid_message", null)]
    [InlineData("{\"id\":\"m1\"}", "invalid_message", "m1")]
    [InlineData("{\"action\":5,\"id\":\"m2\"}", "invalid_message", "m2")]
    [InlineData("{\"action\":\"dance\",\"id\":\"m3\"}", "unknown_action", "m3")]
    [InlineData("{\"action\":\"subscribe\",\"id\":\"m4\"}", "validation_failed", "m4")]
    [InlineData("{\"action\":\"subscribe\",\"coins\":[],\"id\":\"m5\"}", "validation_failed", "m5")]
    [InlineData("{\"action\":\"subscribe\",\"coins\":\"bitcoin\",\"id\":\"m6\"}", "validation_failed", "m6")]
    [InlineData("{\"action\":\"subscribe\",\"coins\":[\"Bitcoin\"],\"id\":\"m7\"}", "validation_failed", "m7")]
    [InlineData("{\"action\":\"subscribe\",\"coins\":[1],\"id\":\"m8\"}", "validation_failed", "m8")]
    [InlineData("{\"action\":\"subscribe\",\"coins\":[\"bitcoin\"],\"vs\":\"xyz\",\"id\":\"m9\"}", "validation_failed", "m9")]
    [InlineData("{\"action\":\"unsubscribe\",\"coins\":[null],\"id\":\"m10\"}", "validation_failed", "m10")]
    [InlineData("{\"action\":\"ping\",\"id\":5}", "validation_failed", null)]
    [InlineData("{\"action\":\"subscribe\",\"coins\":[\"bitcoin\"]", "invalid_message", null)]
    public async Task BadMessage_IsAnsweredWithAnError_AndTheSocketStaysOpen(string message, string code, string? id)
    {
        await client.SendTextAsync(message);

        (await client.ReceiveAsync()).ShouldBeError(code, id);
        await client.PingAsync("still-open");
    }

    [Fact]
    public async Task Subscribe_WithMoreThanFiftyCoins_IsRefused()
    {
        var coins = Enumerable.Range(0, 51).Select(i => $"coin-{i}").ToArray();

        await client.SendAsync(new { action = "subscribe", coins, id = "many" });

        (await client.ReceiveAsync()).ShouldBeError("validation_failed", "many");
    }

    [Fact]
    public async Task Subscribe_BeyondTheConnectionsLimit_IsRefusedWhole()
    {
        await client.SendAsync(new { action = "subscribe", coins = new[] { "bitcoin", "ethereum", "solana" }, id = "three" });
        await client.ExpectAsync("subscribed");
        for (var i = 0; i < 3; i++)
        {
            await client.ExpectAsync("price");
        }

        // ethereum is followed already; the three others would make six (limit five): nothing of it is applied.
        await client.SendAsync(new { action = "subscribe", coins = new[] { "ethereum", "cardano", "ripple", "tron" }, id = "four" });

        (await client.ReceiveAsync()).ShouldBeError("subscription_limit", "four");
        await client.PingAsync("after-limit");

        // The same coins in another vs count too; two more fit exactly.
        await client.SendAsync(new { action = "subscribe", coins = new[] { "bitcoin", "cardano" }, vs = "eur", id = "two" });
        (await client.ReceiveAsync()).ShouldBeSubscription("subscribed", "two", ["bitcoin", "cardano"], vs: "eur");
        await client.ExpectAsync("price");
        await client.ExpectAsync("price");
        await client.SendAsync(new { action = "subscribe", coins = new[] { "tron" }, id = "sixth" });
        (await client.ReceiveAsync()).ShouldBeError("subscription_limit", "sixth");

        // Unsubscribing makes room again.
        await client.SendAsync(new { action = "unsubscribe", coins = new[] { "solana" } });
        await client.ExpectAsync("unsubscribed");
        await client.SendAsync(new { action = "subscribe", coins = new[] { "tron" }, id = "fits" });
        (await client.ReceiveAsync()).ShouldBeSubscription("subscribed", "fits", ["tron"]);
    }

    [Fact]
    public async Task MessageOverTheSizeLimit_IsDiscardedWithAnError_AndTheSocketStaysOpen()
    {
        var padding = new string('a', 5000);

        await client.SendTextAsync($$"""{"action":"ping","id":"big","padding":"{{padding}}"}""");

        (await client.ReceiveAsync()).ShouldBeError("message_too_large", null);
        await client.PingAsync("after-big");
    }

    [Fact]
    public async Task MessageInSeveralFrames_IsReadWhole()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"action":"ping","id":"in-three-frames"}""");

        await client.SendFrameAsync(bytes[..10], WebSocketMessageType.Text, endOfMessage: false);
        await client.SendFrameAsync(bytes[10..20], WebSocketMessageType.Text, endOfMessage: false);
        await client.SendFrameAsync(bytes[20..], WebSocketMessageType.Text, endOfMessage: true);

        (await client.ExpectAsync("pong"))["id"]!.GetValue<string>().ShouldBe("in-three-frames");
    }

    [Fact]
    public async Task BinaryFrame_IsAnsweredWithInvalidMessage_AndTheSocketStaysOpen()
    {
        await client.SendFrameAsync(Encoding.UTF8.GetBytes("""{"action":"ping","id":"bin"}"""), WebSocketMessageType.Binary, endOfMessage: true);

        (await client.ReceiveAsync()).ShouldBeError("invalid_message", null);
        await client.PingAsync("after-binary");
    }

    private static MarketPrice Price(string coin, decimal price, DateTimeOffset fetchedAt) =>
        new(coin, "SYM", "Name", price, 1000m, 1.5m, "usd", fetchedAt, "test", Stale: false);

    private static PriceTick Tick(params MarketPrice[] prices) => new(1, DateTimeOffset.UtcNow, prices);
}

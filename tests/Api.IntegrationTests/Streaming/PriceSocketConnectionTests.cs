using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>Opening and closing the price socket: authentication of the upgrade, plain requests, leaving.</summary>
[Collection(SocketCollection.Name)]
public sealed class PriceSocketConnectionTests(SocketApiFactory factory) : IDisposable
{
    private readonly HttpClient http = factory.CreateHttpClient();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Upgrade_WithoutAToken_IsRefusedWith401Problem()
    {
        var (status, headers) = await PriceSocketClient.RefusedAsync(factory.SocketUri());

        status.ShouldBe(401, string.Join("; ", headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}")));
        headers["WWW-Authenticate"].Single().ShouldBe("Bearer");
    }

    [Fact]
    public async Task Upgrade_WithoutAToken_AnswersAProblemDocument()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stream/ws");
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));

        var response = await http.SendAsync(request);

        await response.ShouldBeProblemAsync(401, "unauthorized");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("tampered")]
    public async Task Upgrade_WithABadToken_IsRefusedWith401(string kind)
    {
        var user = await http.RegisterAndLoginAsync("socket");
        var token = kind == "tampered" ? TokenForge.TamperSignature(user.AccessToken) : kind;

        var (queryStatus, headers) = await PriceSocketClient.RefusedAsync(factory.SocketUri(token));
        var (headerStatus, _) = await PriceSocketClient.RefusedAsync(factory.SocketUri(), bearer: token);

        queryStatus.ShouldBe(401);
        headerStatus.ShouldBe(401);
        headers["WWW-Authenticate"].Single().ShouldContain("invalid_token");
    }

    [Fact]
    public async Task Upgrade_WithTheTokenInTheQuery_IsAccepted()
    {
        var user = await http.RegisterAndLoginAsync("socket");

        await using var client = await PriceSocketClient.ConnectAsync(factory.SocketUri(user.AccessToken));

        ((int)client.Socket.HttpStatusCode).ShouldBe(101);
        await client.PingAsync("query-token");
    }

    [Fact]
    public async Task PlainGet_IsRefusedWith400Problem()
    {
        var user = await http.RegisterAndLoginAsync("socket");

        var response = await http.GetAsync("/api/v1/stream/ws", user.AccessToken);

        await response.ShouldBeProblemAsync(400, "websocket_required");
    }

    [Fact]
    public async Task PlainGet_WithoutAToken_IsRefusedWith401Problem()
    {
        var response = await http.GetAsync("/api/v1/stream/ws", token: null);

        await response.ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task ClientClosing_FreesItsSubscription_AtOnce()
    {
        var ticks = factory.Services.GetRequiredService<IPriceTicks>();
        var before = ticks.Subscribers;
        var user = await http.RegisterAndLoginAsync("socket");
        var client = await PriceSocketClient.ConnectAsync(factory.SocketUri(user.AccessToken));
        await client.SendAsync(new { action = "subscribe", coins = new[] { "monero" } });
        await client.ExpectAsync("subscribed");
        ticks.Subscribers.ShouldBe(before + 1);

        await client.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        client.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        await Eventually.TrueAsync(() => ticks.Subscribers == before, "the subscription is freed");
        factory.Hub.Followed.ShouldNotContain(new PriceKey("monero", "usd"));
        client.Socket.Dispose();
    }

    [Fact]
    public async Task ClientVanishing_FreesItsSubscription()
    {
        var ticks = factory.Services.GetRequiredService<IPriceTicks>();
        var before = ticks.Subscribers;
        var user = await http.RegisterAndLoginAsync("socket");
        var client = await PriceSocketClient.ConnectAsync(factory.SocketUri(user.AccessToken));
        await client.PingAsync("here");
        ticks.Subscribers.ShouldBe(before + 1);

        // No closing handshake: the TCP connection is simply dropped.
        client.Socket.Abort();
        client.Socket.Dispose();

        await Eventually.TrueAsync(() => ticks.Subscribers == before, "the subscription is freed");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheSocket()
    {
        var document = await (await http.GetAsync("/openapi/v1.json", token: null)).ShouldBeAsync(200);

        var operation = document["paths"]!["/api/v1/stream/ws"]!["get"]!;
        operation["operationId"]!.GetValue<string>().ShouldBe("openPriceSocket");
        operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["prices"]);
        // Either requirement: the bearer header, or the token as ?access_token= (browsers cannot set headers on sockets).
        operation["security"]!.AsArray().Select(r => r!.AsObject().Single().Key).ShouldBe(["bearer", "accessToken"]);
        // 429: the upgrade request counts once against the rate limits; 503: authentication needs the database.
        operation["responses"]!.AsObject().Select(r => r.Key).ShouldBe(["101", "400", "401", "429", "503"], ignoreOrder: true);
        operation["responses"]!["401"]!["content"]!["application/problem+json"].ShouldNotBeNull();
    }
}

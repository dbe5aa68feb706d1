using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Prices.Endpoints;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary><c>GET /api/v1/prices/stream</c>: framing, ids, maxUpdates, resume, errors and authentication.</summary>
[Collection(ApiCollection.Name)]
public sealed class PriceStreamTests(ApiFactory factory)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Stream_SendsARetryHint_ThenOnePriceEventPerCoinPerTick_WithIncreasingIds_AndEndsAfterMaxUpdates()
    {
        var user = await client.RegisterAndLoginAsync("stream");

        await using var stream = await SseReader.OpenAsync(client, "/api/v1/prices/stream?coins=bitcoin,ethereum&interval=1&maxUpdates=3", user.AccessToken);
        var events = await stream.ReadToEndAsync(Timeout);

        stream.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        stream.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        stream.Response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        stream.RetryHints.ShouldBe([3000]);
        events.Count.ShouldBe(6, "3 ticks × 2 coins");
        events.Select(e => e.Id).ShouldBe(["1", "2", "3", "4", "5", "6"]);
        events.ShouldAllBe(e => e.Event == "price");
        events.Select(e => e.Json.Str("coinId")).ShouldBe(["bitcoin", "ethereum", "bitcoin", "ethereum", "bitcoin", "ethereum"]);
        foreach (var price in events.Select(e => e.Json))
        {
            price.ShouldBeAPrice(price.Str("coinId"), "usd", "simulated");
        }
    }

    [Fact]
    public async Task Stream_TicksAreAnIntervalApart()
    {
        var user = await client.RegisterAndLoginAsync("stream");
        await using var stream = await SseReader.OpenAsync(client, "/api/v1/prices/stream?coins=bitcoin&interval=2&maxUpdates=2", user.AccessToken);

        (await stream.NextAsync(Timeout)).ShouldNotBeNull();
        var started = DateTime.UtcNow;
        (await stream.NextAsync(Timeout)).ShouldNotBeNull();
        var gap = DateTime.UtcNow - started;

        gap.ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5));
        gap.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        (await stream.NextAsync(Timeout)).ShouldBeNull("two ticks, then the stream ends");
    }

    [Fact]
    public async Task Stream_WithLastEventId_ContinuesTheIds_AndStartsWithTheLatestPrices()
    {
        var user = await client.RegisterAndLoginAsync("stream");

        await using var stream = await SseReader.OpenAsync(
            client, "/api/v1/prices/stream?coins=bitcoin,solana&interval=1&maxUpdates=1", user.AccessToken, lastEventId: "41");
        var events = await stream.ReadToEndAsync(Timeout);

        events.Select(e => e.Id).ShouldBe(["42", "43"]);
        events.Select(e => e.Json.Str("coinId")).ShouldBe(["bitcoin", "solana"]);
    }

    [Fact]
    public async Task Stream_WithAMalformedLastEventId_StartsAtOne()
    {
        var user = await client.RegisterAndLoginAsync("stream");

        await using var stream = await SseReader.OpenAsync(
            client, "/api/v1/prices/stream?coins=bitcoin&interval=1&maxUpdates=1", user.AccessToken, lastEventId: "abc");

        (await stream.ReadToEndAsync(Timeout)).Single().Id.ShouldBe("1");
    }

    [Fact]
    public async Task Stream_WithDuplicateCoins_SendsEachOnce_InTheOrderGiven()
    {
        var user = await client.RegisterAndLoginAsync("stream");

        await using var stream = await SseReader.OpenAsync(
            client, "/api/v1/prices/stream?coins=ethereum,bitcoin,ethereum&interval=1&maxUpdates=1", user.AccessToken);

        (await stream.ReadToEndAsync(Timeout)).Select(e => e.Json.Str("coinId")).ShouldBe(["ethereum", "bitcoin"]);
    }

    [Fact]
    public async Task Stream_WithAnUnknownCoinAmongKnownOnes_SaysSoOnce_AndStreamsTheOthers()
    {
        var user = await client.RegisterAndLoginAsync("stream");

        await using var stream = await SseReader.OpenAsync(
            client, "/api/v1/prices/stream?coins=bitcoin,no-such-coin-xyz&interval=1&maxUpdates=2", user.AccessToken);
        var events = await stream.ReadToEndAsync(Timeout);

        var error = events.Single(e => e.Event == "error");
        error.Id.ShouldBeNull("an error does not move the client's last event id");
        error.Json.Str("coinId").ShouldBe("no-such-coin-xyz");
        error.Json.Str("code").ShouldBe("not_found");
        events.Where(e => e.Event == "price").Select(e => e.Json.Str("coinId")).ShouldBe(["bitcoin", "bitcoin"]);
        events.Where(e => e.Event == "price").Select(e => e.Id).ShouldBe(["1", "2"]);
    }

    [Fact]
    public async Task Stream_OfOnlyUnknownCoins_Is404()
    {
        var user = await client.RegisterAndLoginAsync("stream");

        var response = await client.GetAsync("/api/v1/prices/stream?coins=no-such-coin-abc", user.AccessToken);

        await response.ShouldBeProblemAsync(404, "not_found");
    }

    [Theory]
    [InlineData("", "coins")]
    [InlineData("coins=", "coins")]
    [InlineData("coins=Bitcoin", "coins")]
    [InlineData("coins=bitcoin&interval=0", "interval")]
    [InlineData("coins=bitcoin&interval=61", "interval")]
    [InlineData("coins=bitcoin&interval=abc", "interval")]
    [InlineData("coins=bitcoin&maxUpdates=0", "maxUpdates")]
    [InlineData("coins=bitcoin&vs=xyz", "vs")]
    public async Task Stream_WithBadParameters_Is400(string query, string field)
    {
        var user = await client.RegisterAndLoginAsync("stream");

        var problem = await (await client.GetAsync($"/api/v1/prices/stream?{query}", user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Stream_WithFiftyOneCoins_Is400()
    {
        var user = await client.RegisterAndLoginAsync("stream");
        var coins = string.Join(',', Enumerable.Range(0, 51).Select(i => $"coin-{i}"));

        await (await client.GetAsync($"/api/v1/prices/stream?coins={coins}", user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task Stream_WithoutAToken_Is401_AndAcceptsTheTokenInTheQuery()
    {
        var user = await client.RegisterAndLoginAsync("stream");

        await (await client.GetAsync("/api/v1/prices/stream?coins=bitcoin", null)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.GetAsync("/api/v1/prices/stream?coins=bitcoin&access_token=not-a-token", null)).ShouldBeProblemAsync(401, "unauthorized");
        await using var stream = await SseReader.OpenAsync(
            client, $"/api/v1/prices/stream?coins=bitcoin&interval=1&maxUpdates=1&access_token={user.AccessToken}", token: null);
        (await stream.ReadToEndAsync(Timeout)).Single().Event.ShouldBe("price");
    }

    [Fact]
    public async Task AccessTokenInTheQuery_IsIgnoredOutsideTheStreams()
    {
        var user = await client.RegisterAndLoginAsync("stream");

        await (await client.GetAsync($"/api/v1/users/me?access_token={user.AccessToken}", null)).ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task Stream_WhenTheClientLeaves_TheSubscriptionIsFreed()
    {
        var user = await client.RegisterAndLoginAsync("stream");
        var ticks = factory.Services.GetRequiredService<IPriceTicks>();
        var before = ticks.Subscribers;

        var stream = await SseReader.OpenAsync(client, "/api/v1/prices/stream?coins=bitcoin&interval=60", user.AccessToken);
        (await stream.NextAsync(Timeout)).ShouldNotBeNull();
        ticks.Subscribers.ShouldBe(before + 1);
        await stream.DisposeAsync();

        await Eventually.TrueAsync(() => ticks.Subscribers == before, "the subscription was not freed after the client left");
    }
}

using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Endpoints;

/// <summary><c>GET /api/v1/prices/popular</c> and <c>GET /api/v1/prices/{coinId}/history</c>.</summary>
[Collection(ApiCollection.Name)]
public sealed class PopularAndHistoryEndpointTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Popular_ByDefault_Is10FullPrices_LargestMarketCapFirst()
    {
        var user = await client.RegisterAndLoginAsync("popular");

        var body = await (await client.GetAsync("/api/v1/prices/popular", user.AccessToken)).ShouldBeAsync(200);

        body.AsObject().Select(m => m.Key).ShouldBe(["items"]);
        var items = Items(body);
        items.Count.ShouldBe(10);
        foreach (var item in items)
        {
            item.ShouldBeAPrice(item.Str("coinId"));
        }

        items[0].Str("coinId").ShouldBe("bitcoin");
        items.Select(i => i.Str("coinId")).Distinct().Count().ShouldBe(10);
        var caps = items.Select(i => PriceJson.Decimal(i, "marketCap")).ToList();
        caps.ShouldBe(caps.OrderByDescending(c => c).ToList());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(50)]
    public async Task Popular_AnswersAtMostLimitItems_LargestFirst(int limit)
    {
        var user = await client.RegisterAndLoginAsync("popular");

        var items = Items(await (await client.GetAsync($"/api/v1/prices/popular?limit={limit}&vs=eur", user.AccessToken)).ShouldBeAsync(200));

        items.Count.ShouldBeInRange(Math.Min(limit, 10), limit);
        items.ShouldAllBe(i => i["vs"]!.GetValue<string>() == "eur");
        var caps = items.Select(i => PriceJson.Decimal(i, "marketCap")).ToList();
        caps.ShouldBe(caps.OrderByDescending(c => c).ToList());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("vs=xyz", "vs")]
    public async Task Popular_WithABadQuery_Is400(string query, string field)
    {
        var user = await client.RegisterAndLoginAsync("popular");

        var problem = await (await client.GetAsync($"/api/v1/prices/popular?{query}", user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem.FieldErrors(field).ShouldNotBeEmpty(problem.ToJsonString());
    }

    [Fact]
    public async Task History_ByDefault_Is30DaysOfPoints_OldestFirst_WithDecimalStrings()
    {
        var user = await client.RegisterAndLoginAsync("history");

        var body = await (await client.GetAsync("/api/v1/prices/bitcoin/history", user.AccessToken)).ShouldBeAsync(200);

        body.AsObject().Select(m => m.Key).ShouldBe(["items"]);
        var points = Items(body);
        foreach (var point in points)
        {
            point.AsObject().Select(m => m.Key).ShouldBe(["at", "price"], ignoreOrder: true);
            PriceJson.Decimal(point, "price").ShouldBeGreaterThan(0m);
        }

        var times = points.Select(p => PriceJson.Timestamp(p, "at")).ToList();
        times.ShouldBe(times.Order().ToList());
        times.Distinct().Count().ShouldBe(times.Count);
        (times[^1] - times[0]).ShouldBeInRange(TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        times[^1].ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public async Task History_CoversTheDaysAskedFor(int days)
    {
        var user = await client.RegisterAndLoginAsync("history");

        var points = Items(await (await client.GetAsync($"/api/v1/prices/ethereum/history?vs=eur&days={days}", user.AccessToken)).ShouldBeAsync(200));

        var times = points.Select(p => PriceJson.Timestamp(p, "at")).ToList();
        times.ShouldBe(times.Order().ToList());
        (times[^1] - times[0]).ShouldBeInRange(TimeSpan.FromDays(days) - TimeSpan.FromDays(1), TimeSpan.FromDays(days));
    }

    [Theory]
    [InlineData("bitcoin/history?days=0", "days")]
    [InlineData("bitcoin/history?days=366", "days")]
    [InlineData("bitcoin/history?days=a", "days")]
    [InlineData("bitcoin/history?vs=xyz", "vs")]
    [InlineData("Bitcoin/history", "coinId")]
    public async Task History_WithABadQuery_Is400(string path, string field)
    {
        var user = await client.RegisterAndLoginAsync("history");

        var problem = await (await client.GetAsync($"/api/v1/prices/{path}", user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem.FieldErrors(field).ShouldNotBeEmpty(problem.ToJsonString());
    }

    [Fact]
    public async Task History_OfACoinNoProviderKnows_Is404()
    {
        var user = await client.RegisterAndLoginAsync("history");

        await (await client.GetAsync("/api/v1/prices/no-such-coin-xyz/history", user.AccessToken)).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task PopularAndHistory_WithoutAToken_Are401()
    {
        await (await client.GetAsync("/api/v1/prices/popular", token: null)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.GetAsync("/api/v1/prices/bitcoin/history", token: null)).ShouldBeProblemAsync(401, "unauthorized");
    }

    private static List<JsonNode> Items(JsonNode body) => [.. body["items"]!.AsArray().Select(i => i!)];
}

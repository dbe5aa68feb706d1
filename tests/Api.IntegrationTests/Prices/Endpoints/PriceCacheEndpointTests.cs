using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Endpoints;

/// <summary><c>GET /api/v1/prices/cache/stats</c> and <c>DELETE /api/v1/prices/cache</c> (admin only).</summary>
[Collection(ApiCollection.Name)]
public sealed class PriceCacheEndpointTests(ApiFactory factory)
{
    private const string StatsUrl = "/api/v1/prices/cache/stats";
    private const string CacheUrl = "/api/v1/prices/cache";

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task StatsAndClear_ForAUser_Are403_AndWithoutAToken401()
    {
        var user = await client.RegisterAndLoginAsync("cache");

        await (await client.GetAsync(StatsUrl, user.AccessToken)).ShouldBeProblemAsync(403, "forbidden");
        await (await client.DeleteAsync(CacheUrl, user.AccessToken)).ShouldBeProblemAsync(403, "forbidden");
        await (await client.GetAsync(StatsUrl, token: null)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.DeleteAsync(CacheUrl, token: null)).ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task Clear_Is204_ThenStatsCountEntriesHitsAndMisses()
    {
        var admin = await client.LoginAdminAsync();

        var cleared = await client.DeleteAsync(CacheUrl, admin.AccessToken);
        (await cleared.ShouldBeAsync(204)).AsObject().Count.ShouldBe(0);
        var empty = await Stats(admin);
        empty["entries"]!.GetValue<long>().ShouldBe(0);
        empty["hits"]!.GetValue<long>().ShouldBe(0, "clearing starts the counters again");
        empty["misses"]!.GetValue<long>().ShouldBe(0);
        empty["evictions"]!.GetValue<long>().ShouldBe(0);
        empty["hitRatio"]!.GetValue<decimal>().ShouldBe(0m);

        await (await client.GetAsync("/api/v1/prices/polkadot", admin.AccessToken)).ShouldBeAsync(200);
        var afterMiss = await Stats(admin);
        await (await client.GetAsync("/api/v1/prices/polkadot", admin.AccessToken)).ShouldBeAsync(200);
        var afterHit = await Stats(admin);

        afterMiss["entries"]!.GetValue<long>().ShouldBe(1);
        afterMiss["misses"]!.GetValue<long>().ShouldBe(empty["misses"]!.GetValue<long>() + 1);
        afterMiss["hits"]!.GetValue<long>().ShouldBe(empty["hits"]!.GetValue<long>());
        afterHit["entries"]!.GetValue<long>().ShouldBe(1);
        afterHit["hits"]!.GetValue<long>().ShouldBe(afterMiss["hits"]!.GetValue<long>() + 1);
        afterHit["misses"]!.GetValue<long>().ShouldBe(afterMiss["misses"]!.GetValue<long>());
        var (hits, misses) = (afterHit["hits"]!.GetValue<long>(), afterHit["misses"]!.GetValue<long>());
        afterHit["hitRatio"]!.GetValue<decimal>().ShouldBe(Math.Round((decimal)hits / (hits + misses), 4, MidpointRounding.AwayFromZero));
        afterHit["hitRatio"]!.GetValue<decimal>().ShouldBeInRange(0m, 1m);

        (await client.DeleteAsync(CacheUrl, admin.AccessToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);
        (await Stats(admin))["entries"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task Stats_HasExactlyTheDocumentedShape()
    {
        var admin = await client.LoginAdminAsync();

        var stats = await Stats(admin);

        stats.AsObject().Select(m => m.Key).ShouldBe(["entries", "hits", "misses", "hitRatio", "evictions"], ignoreOrder: true);
        foreach (var counter in new[] { "entries", "hits", "misses", "evictions" })
        {
            stats[counter]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        }
    }

    private async Task<JsonNode> Stats(TestUser admin) => await (await client.GetAsync(StatsUrl, admin.AccessToken)).ShouldBeAsync(200);
}

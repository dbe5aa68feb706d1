using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Endpoints;

/// <summary>The price endpoints when the providers fail or are slow: stale prices, 503 with Retry-After, per-coin deadlines.</summary>
public sealed class ProviderOutageEndpointTests : IClassFixture<ControlledMarketApiFactory>
{
    private readonly ControlledMarketApiFactory factory;
    private readonly HttpClient client;

    public ProviderOutageEndpointTests(ControlledMarketApiFactory factory)
    {
        this.factory = factory;
        client = factory.CreateClient();
        factory.Source.Recover();
        factory.Source.Open();
    }

    [Fact]
    public async Task Get_WhenEveryProviderFails_AfterASuccess_ServesTheLastPriceStale_WithItsRealFetchedAt()
    {
        var user = await client.RegisterAndLoginAsync("outage");
        factory.Source.With("stale-coin", 42.5m);
        var fresh = await (await client.GetAsync("/api/v1/prices/stale-coin", user.AccessToken)).ShouldBeAsync(200);
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        factory.Source.Fail();

        var stale = await (await client.GetAsync("/api/v1/prices/stale-coin", user.AccessToken)).ShouldBeAsync(200);

        fresh.ShouldBeAPrice("stale-coin", source: "fake");
        stale.ShouldBeAPrice("stale-coin", source: "fake", stale: true);
        stale.Str("price").ShouldBe("42.5");
        stale.Str("fetchedAt").ShouldBe(fresh.Str("fetchedAt"));
        PriceJson.FetchedAt(stale).ShouldBeLessThan(factory.Clock.Now);
    }

    [Fact]
    public async Task Get_WhenEveryProviderFails_AndNoPriceIsKnown_Is503WithRetryAfter()
    {
        var user = await client.RegisterAndLoginAsync("outage");
        factory.Source.With("never-seen", 1m).Fail();

        var response = await client.GetAsync("/api/v1/prices/never-seen", user.AccessToken);

        await response.ShouldBeProblemAsync(503, "price_unavailable");
        response.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task Bulk_WhenTheProvidersFail_OneCoinFailingDoesNotFailTheBatch()
    {
        var user = await client.RegisterAndLoginAsync("outage");
        factory.Source.With("known-coin", 3m);
        await (await client.GetAsync("/api/v1/prices/known-coin", user.AccessToken)).ShouldBeAsync(200);
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        factory.Source.Fail();

        var body = await (await client.PostJsonAsync(
            "/api/v1/prices/bulk", new { coins = new[] { "known-coin", "unseen-coin" } }, user.AccessToken)).ShouldBeAsync(200);

        var items = body["items"]!.AsArray().Select(i => i!).ToList();
        items[0]["stale"]!.GetValue<bool>().ShouldBeTrue();
        items[0].Str("price").ShouldBe("3");
        items[0]["error"].ShouldBeNull();
        items[1]["error"]!.Str("code").ShouldBe("price_unavailable");
        body["successCount"]!.GetValue<int>().ShouldBe(1);
        body["errorCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Bulk_WhenTheProviderIsSlowerThanTimeoutMs_TheCoinTimesOut_AndTheAnswerComesInTime()
    {
        var user = await client.RegisterAndLoginAsync("outage");
        factory.Source.With("slow-coin", 9m).Close();
        try
        {
            var body = await (await client.PostJsonAsync(
                "/api/v1/prices/bulk", new { coins = new[] { "slow-coin" }, timeoutMs = 200 }, user.AccessToken)).ShouldBeAsync(200);

            var item = body["items"]![0]!;
            item["error"]!.Str("code").ShouldBe("price_timeout");
            item["price"].ShouldBeNull();
            body["successCount"]!.GetValue<int>().ShouldBe(0);
            body["errorCount"]!.GetValue<int>().ShouldBe(1);
            body["elapsedMs"]!.GetValue<long>().ShouldBeInRange(150, 10_000);
        }
        finally
        {
            factory.Source.Open();
        }

        // The fetch the request started was not abandoned: the price arrives for the next caller.
        var later = await (await client.PostJsonAsync("/api/v1/prices/bulk", new { coins = new[] { "slow-coin" } }, user.AccessToken)).ShouldBeAsync(200);
        later["items"]![0]!.Str("price").ShouldBe("9");
        factory.Source.PriceCalls.Count(c => c.Contains("slow-coin")).ShouldBe(1);
    }

    [Fact]
    public async Task PopularAndHistory_WhenEveryProviderFails_AndNothingIsKnown_Are503()
    {
        var user = await client.RegisterAndLoginAsync("outage");
        factory.Source.Fail();

        var popular = await client.GetAsync("/api/v1/prices/popular?vs=gbp", user.AccessToken);
        var history = await client.GetAsync("/api/v1/prices/some-coin/history", user.AccessToken);

        await popular.ShouldBeProblemAsync(503, "price_unavailable");
        popular.Headers.RetryAfter.ShouldNotBeNull();
        await history.ShouldBeProblemAsync(503, "price_unavailable");
    }

    [Fact]
    public async Task Get_ConcurrentRequestsForAnUncachedCoin_ShareOneUpstreamCall()
    {
        var user = await client.RegisterAndLoginAsync("outage");
        var market = factory.Services.GetRequiredService<MarketDataService>();
        factory.Source.With("crowded-coin", 7.25m).Close();
        var misses = market.Stats().Misses;
        List<Task<HttpResponseMessage>> requests;
        try
        {
            requests = [.. Enumerable.Range(0, 20).Select(_ => client.GetAsync("/api/v1/prices/crowded-coin", user.AccessToken))];
            var waited = Stopwatch.StartNew();
            while (market.Stats().Misses < misses + 20)
            {
                waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "all 20 requests reached the cache while the provider was held");
                await Task.Delay(5);
            }
        }
        finally
        {
            factory.Source.Open();
        }

        foreach (var response in await Task.WhenAll(requests))
        {
            (await response.ShouldBeAsync(200)).Str("price").ShouldBe("7.25");
        }

        factory.Source.PriceCalls.Count(c => c.Contains("crowded-coin")).ShouldBe(1);
    }

    [Fact]
    public async Task Get_ACoinThePrimaryProviderDoesNotKnow_Is404()
    {
        var user = await client.RegisterAndLoginAsync("outage");

        await (await client.GetAsync("/api/v1/prices/not-listed-anywhere", user.AccessToken)).ShouldBeProblemAsync(404, "not_found");
    }
}

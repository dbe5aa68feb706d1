using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using PortfolioTracker.Api.IntegrationTests.Prices.Cache;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Providers;

/// <summary>
/// The real CoinGecko and Binance clients, chained and cached as in production, against one fake upstream that serves
/// both APIs: fallback while CoinGecko fails, its breaker sparing it, and the last price served stale when both fail.
/// </summary>
public sealed class FallbackChainTests : ProviderTestBase
{
    private const string CoinGeckoPrices = "/api/v3/simple/price";
    private const string BinanceTickers = "/api/v3/ticker/24hr";

    private bool coinGeckoDown;
    private bool binanceDown;

    [Fact]
    public async Task WhenCoinGeckoFails_BinanceAnswers_TheBreakerStopsCallingCoinGecko_AndWhenBothFailTheLastPriceIsStale()
    {
        Fake.Otherwise = Respond;
        var host = Host(o =>
        {
            o.CoinGecko.MaxRetries = 0;
            o.CoinGecko.BreakerMinimumThroughput = 2;
            o.CoinGecko.BreakerFailureRatio = 0.5;
            o.CoinGecko.BreakDurationSeconds = 60;
            o.Binance.MaxRetries = 0;
        });
        var clock = new ManualClock();
        var chain = new PriceSourceChain([() => host.CoinGecko, () => host.Binance], NullLogger<PriceSourceChain>.Instance);
        var market = new MarketDataService(
            chain, new FakeAssetCatalog(), Microsoft.Extensions.Options.Options.Create(new PricesOptions { CacheTtlSeconds = 60 }), clock);

        // Healthy: CoinGecko answers.
        var healthy = await PriceAsync(market);
        healthy.Source.ShouldBe("coingecko");
        healthy.Price.ShouldBe(64000.5m);

        // CoinGecko fails: Binance answers, its quote marked as USDT≈USD.
        coinGeckoDown = true;
        clock.Advance(TimeSpan.FromSeconds(61));
        var fallback = await PriceAsync(market);
        fallback.Source.ShouldBe("binance (USDT≈USD)");
        fallback.Price.ShouldBe(64010.25m);
        fallback.Stale.ShouldBeFalse();

        // A second failure opens CoinGecko's breaker; from then on it is not called at all.
        clock.Advance(TimeSpan.FromSeconds(61));
        (await PriceAsync(market)).Source.ShouldBe("binance (USDT≈USD)");
        var coinGeckoCalls = CallsTo(CoinGeckoPrices);
        clock.Advance(TimeSpan.FromSeconds(61));
        (await PriceAsync(market)).Source.ShouldBe("binance (USDT≈USD)");
        CallsTo(CoinGeckoPrices).ShouldBe(coinGeckoCalls);
        host.Health.Snapshot()["coingecko"].Circuit.ShouldBe(CircuitState.Open);

        // Both fail: the last price, stale, with the time it was really fetched.
        binanceDown = true;
        var lastFetched = clock.Now;
        clock.Advance(TimeSpan.FromSeconds(61));
        var stale = await PriceAsync(market);
        stale.Stale.ShouldBeTrue();
        stale.Price.ShouldBe(64010.25m);
        stale.FetchedAt.ShouldBe(lastFetched);
        stale.Source.ShouldBe("binance (USDT≈USD)");

        // A coin never seen: unavailable, not an exception.
        (await market.GetPricesAsync(["ethereum"], "usd", null, CancellationToken.None))["ethereum"].Failure.ShouldBe(PriceFailure.Unavailable);
    }

    private static async Task<MarketPrice> PriceAsync(MarketDataService market)
    {
        var outcome = (await market.GetPricesAsync(["bitcoin"], "usd", null, CancellationToken.None))["bitcoin"];
        outcome.Price.ShouldNotBeNull($"no price: {outcome.Failure}");
        return outcome.Price;
    }

    private int CallsTo(string path) => Fake.Requests.Count(r => r.Path == path);

    private Task Respond(HttpContext context) => context.Request.Path.Value switch
    {
        CoinGeckoPrices when coinGeckoDown => FakeUpstream.Status(503)(context),
        CoinGeckoPrices => FakeUpstream.Json("""{"bitcoin":{"usd":64000.5,"usd_market_cap":1.26e12,"usd_24h_change":1.5,"last_updated_at":1700000000}}""")(context),
        BinanceTickers when binanceDown => FakeUpstream.Status(500)(context),
        BinanceTickers => FakeUpstream.Json("""[{"symbol":"BTCUSDT","priceChangePercent":"1.2","lastPrice":"64010.25","closeTime":1700000000123}]""")(context),
        _ => FakeUpstream.Status(404)(context),
    };
}

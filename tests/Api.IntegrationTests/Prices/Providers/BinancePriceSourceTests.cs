using Microsoft.AspNetCore.Http;
using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Providers;

public sealed class BinancePriceSourceTests : ProviderTestBase
{
    private const string InvalidSymbol = """{"code":-1121,"msg":"Invalid symbol."}""";

    [Fact]
    public async Task GetPrices_AsksForManyPairsInOneRequest_AndParsesStringPricesExactly()
    {
        Fake.Otherwise = FakeUpstream.Json("""
            [
              {"symbol":"BTCUSDT","priceChange":"1450.10000000","priceChangePercent":"2.310","lastPrice":"64250.12345678","closeTime":1700000000123},
              {"symbol":"SHIBUSDT","priceChangePercent":"-0.150","lastPrice":"0.00001234","closeTime":1700000000456}
            ]
            """);
        var source = Host().Binance;

        var quotes = await source.GetPricesAsync(["bitcoin", "shiba-inu", "tether", "no-such-coin"], "usd", CancellationToken.None);

        source.Name.ShouldBe("binance (USDT≈USD)");
        quotes.Select(q => q.CoinId).ShouldBe(["tether", "bitcoin", "shiba-inu"], ignoreOrder: true);
        quotes.Single(q => q.CoinId == "bitcoin").ShouldBe(new ProviderQuote(
            "bitcoin", "BTC", "Bitcoin", 64250.12345678m, null, 2.310m, DateTimeOffset.FromUnixTimeMilliseconds(1700000000123)));
        var shib = quotes.Single(q => q.CoinId == "shiba-inu");
        shib.Price.ShouldBe(0.00001234m);
        shib.Change24h.ShouldBe(-0.15m);
        var tether = quotes.Single(q => q.CoinId == "tether");
        tether.Price.ShouldBe(1m);
        tether.MarketCap.ShouldBeNull();

        var request = Fake.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/api/v3/ticker/24hr");
        request.QueryValues["symbols"].ShouldBe("""["BTCUSDT","SHIBUSDT"]""");
        request.Headers["User-Agent"].ShouldContain("PortfolioTracker/1.0");
    }

    [Fact]
    public async Task GetPrices_WhenAPairIsNotListed_AsksEachPairAlone_AndLeavesItOutAfterwards()
    {
        Fake.Otherwise = context => context.Request.Query["symbols"].ToString() switch
        {
            """["BTCUSDT","FOOUSDT"]""" => FakeUpstream.Status(400, body: InvalidSymbol)(context),
            """["BTCUSDT"]""" => Ticker(context, "BTCUSDT", "64000.5"),
            _ => context.Request.Query["symbol"].ToString() switch
            {
                "BTCUSDT" => Ticker(context, "BTCUSDT", "64000.5"),
                _ => FakeUpstream.Status(400, body: InvalidSymbol)(context),
            },
        };
        var host = Host();

        var first = await host.Binance.GetPricesAsync(["bitcoin", "foo-coin"], "usd", CancellationToken.None);

        first.ShouldHaveSingleItem().Price.ShouldBe(64000.5m);
        Fake.RequestCount.ShouldBe(3);

        var second = await host.Binance.GetPricesAsync(["bitcoin", "foo-coin"], "usd", CancellationToken.None);

        second.ShouldHaveSingleItem().CoinId.ShouldBe("bitcoin");
        Fake.RequestCount.ShouldBe(4);
        Fake.Requests[^1].QueryValues["symbols"].ShouldBe("""["BTCUSDT"]""");
    }

    [Fact]
    public async Task GetPrices_OfCoinsWithoutAPair_SendsNothing()
    {
        var source = Host().Binance;

        var quotes = await source.GetPricesAsync(["no-such-coin", "tether"], "usd", CancellationToken.None);

        quotes.ShouldHaveSingleItem().CoinId.ShouldBe("tether");
        Fake.RequestCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("btc")]
    [InlineData("usdt")]
    public async Task GetPrices_InAnythingButUsd_IsNotSupported(string vs)
    {
        var source = Host().Binance;

        await Should.ThrowAsync<NotSupportedException>(() => source.GetPricesAsync(["bitcoin"], vs, CancellationToken.None));
        await Should.ThrowAsync<NotSupportedException>(() => source.GetHistoryAsync("bitcoin", vs, 1, CancellationToken.None));
        Fake.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task GetMarkets_IsNotSupported()
    {
        var source = Host().Binance;

        await Should.ThrowAsync<NotSupportedException>(() => source.GetMarketsAsync("usd", 10, CancellationToken.None));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[{\"symbol\":\"BTCUSDT\"}]")]
    [InlineData("[{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"a lot\"}]")]
    [InlineData("[{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"1\"}")]
    public async Task GetPrices_MalformedOrUnexpectedAnswer_IsUnavailable(string body)
    {
        Fake.Otherwise = FakeUpstream.Json(body);
        var source = Host().Binance;

        await Should.ThrowAsync<PriceSourceUnavailableException>(() => source.GetPricesAsync(["bitcoin"], "usd", CancellationToken.None));
    }

    [Fact]
    public async Task GetHistory_ParsesKlines_OldestFirst_HourlyForADay()
    {
        Fake.Otherwise = FakeUpstream.Json("""
            [
              [1700003600000,"64300.0","64400.0","64200.0","64350.00000001","12.5",1700007199999,"0",1,"0","0","0"],
              [1700000000000,"64200.0","64350.0","64100.0","64250.12345678","10.1",1700003599999,"0",1,"0","0","0"]
            ]
            """);
        var source = Host().Binance;

        var points = await source.GetHistoryAsync("bitcoin", "usd", 1, CancellationToken.None);

        points.ShouldBe([
            new ProviderPricePoint(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), 64250.12345678m),
            new ProviderPricePoint(DateTimeOffset.FromUnixTimeMilliseconds(1700003600000), 64350.00000001m),
        ]);
        var request = Fake.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/api/v3/klines");
        request.QueryValues["symbol"].ShouldBe("BTCUSDT");
        request.QueryValues["interval"].ShouldBe("1h");
        request.QueryValues["limit"].ShouldBe("25");
    }

    [Fact]
    public async Task GetHistory_OverMoreThanTwoDays_IsDaily()
    {
        Fake.Otherwise = FakeUpstream.Json("[]");
        var source = Host().Binance;

        (await source.GetHistoryAsync("ethereum", "usd", 30, CancellationToken.None)).ShouldBeEmpty();

        var request = Fake.Requests.ShouldHaveSingleItem();
        request.QueryValues["symbol"].ShouldBe("ETHUSDT");
        request.QueryValues["interval"].ShouldBe("1d");
        request.QueryValues["limit"].ShouldBe("31");
    }

    [Fact]
    public async Task GetHistory_OfAnUnmappedOrUnlistedCoin_IsEmpty()
    {
        Fake.Otherwise = FakeUpstream.Status(400, body: InvalidSymbol);
        var source = Host().Binance;

        (await source.GetHistoryAsync("no-such-coin", "usd", 7, CancellationToken.None)).ShouldBeEmpty();
        Fake.RequestCount.ShouldBe(0);
        (await source.GetHistoryAsync("foo-coin", "usd", 7, CancellationToken.None)).ShouldBeEmpty();
        Fake.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task ServerErrors_AreRetried_ThroughTheSamePipeline()
    {
        Fake.Then(FakeUpstream.Status(500), FakeUpstream.Reset());
        Fake.Otherwise = context => Ticker(context, "BTCUSDT", "64000", asArray: true);
        var host = Host();

        (await host.Binance.GetPricesAsync(["bitcoin"], "usd", CancellationToken.None)).ShouldHaveSingleItem().Price.ShouldBe(64000m);

        Fake.RequestCount.ShouldBe(3);
        host.Health.Get("binance")!.Retries.ShouldBe(2);
    }

    private static Task Ticker(HttpContext context, string symbol, string lastPrice, bool? asArray = null)
    {
        var ticker = $$"""{"symbol":"{{symbol}}","lastPrice":"{{lastPrice}}","priceChangePercent":"0.5","closeTime":1700000000000}""";
        var array = asArray ?? context.Request.Query.ContainsKey("symbols");
        return FakeUpstream.Json(array ? $"[{ticker}]" : ticker)(context);
    }
}

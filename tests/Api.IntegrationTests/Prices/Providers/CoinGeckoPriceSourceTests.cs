using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Providers;

public sealed class CoinGeckoPriceSourceTests : ProviderTestBase
{
    [Fact]
    public async Task GetPrices_ParsesDecimalsExactly_InOneRequest_UnderABaseUrlWithAPath()
    {
        Fake.Otherwise = FakeUpstream.Json("""
            {
              "bitcoin": {"usd": 64250.123456789, "usd_market_cap": 1270000000000.5, "usd_24h_change": 2.31, "last_updated_at": 1700000000},
              "shiba-inu": {"usd": 0.00001234, "usd_market_cap": 123456789012345678901234, "usd_24h_change": -1.5e-2, "last_updated_at": 1700000001},
              "pepe": {"usd": 1.234E-5, "usd_market_cap": null, "usd_24h_change": null}
            }
            """);
        var source = Host(o => o.CoinGecko.ApiKey = "demo-key-123").CoinGecko;

        var quotes = await source.GetPricesAsync(["bitcoin", "shiba-inu", "pepe", "no-such-coin"], "usd", CancellationToken.None);

        source.Name.ShouldBe("coingecko");
        quotes.Select(q => q.CoinId).ShouldBe(["bitcoin", "shiba-inu", "pepe"], ignoreOrder: true);
        var bitcoin = quotes.Single(q => q.CoinId == "bitcoin");
        bitcoin.ShouldBe(new ProviderQuote("bitcoin", null, null, 64250.123456789m, 1270000000000.5m, 2.31m, DateTimeOffset.FromUnixTimeSeconds(1700000000)));
        bitcoin.Price.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("64250.123456789");
        var shib = quotes.Single(q => q.CoinId == "shiba-inu");
        shib.Price.ShouldBe(0.00001234m);
        shib.Price.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("0.00001234");
        shib.MarketCap.ShouldBe(123456789012345678901234m);
        shib.Change24h.ShouldBe(-0.015m);
        var pepe = quotes.Single(q => q.CoinId == "pepe");
        pepe.Price.ShouldBe(0.00001234m);
        pepe.MarketCap.ShouldBeNull();
        pepe.Change24h.ShouldBeNull();
        pepe.UpdatedAt.ShouldBeNull();

        var request = Fake.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/api/v3/simple/price");
        request.QueryValues["ids"].ShouldBe("bitcoin,shiba-inu,pepe,no-such-coin");
        request.QueryValues["vs_currencies"].ShouldBe("usd");
        request.QueryValues["include_market_cap"].ShouldBe("true");
        request.QueryValues["include_24hr_change"].ShouldBe("true");
        request.QueryValues["include_last_updated_at"].ShouldBe("true");
        request.Headers["x-cg-demo-api-key"].ShouldBe("demo-key-123");
        request.Headers.ContainsKey("x-cg-pro-api-key").ShouldBeFalse();
        request.Headers["User-Agent"].ShouldContain("PortfolioTracker/1.0");
    }

    [Fact]
    public async Task GetPrices_WithAProKey_SendsTheProHeader()
    {
        Fake.Otherwise = FakeUpstream.Json("""{"bitcoin":{"eur":59000.5}}""");
        var source = Host(o =>
        {
            o.CoinGecko.ApiKey = "pro-key-456";
            o.CoinGecko.ApiKeyType = "pro";
            o.CoinGecko.BaseUrl = Fake.Url("api/v3/");
        }).CoinGecko;

        var quotes = await source.GetPricesAsync(["bitcoin"], "EUR", CancellationToken.None);

        quotes.ShouldHaveSingleItem().Price.ShouldBe(59000.5m);
        var request = Fake.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/api/v3/simple/price");
        request.QueryValues["vs_currencies"].ShouldBe("eur");
        request.Headers["x-cg-pro-api-key"].ShouldBe("pro-key-456");
        request.Headers.ContainsKey("x-cg-demo-api-key").ShouldBeFalse();
    }

    [Fact]
    public async Task GetPrices_WithoutAKey_SendsNoKeyHeader()
    {
        Fake.Otherwise = FakeUpstream.Json("{}");
        var source = Host().CoinGecko;

        (await source.GetPricesAsync(["bitcoin"], "usd", CancellationToken.None)).ShouldBeEmpty();

        var request = Fake.Requests.ShouldHaveSingleItem();
        request.Headers.Keys.ShouldNotContain(h => h.StartsWith("x-cg-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task GetPrices_PartialData_MissingIdsAndCoinsWithoutThePriceAreAbsent()
    {
        Fake.Otherwise = FakeUpstream.Json("""
            {
              "bitcoin": {"usd": 64000},
              "ethereum": {"eur": 3000.25},
              "solana": {"usd": null},
              "cardano": {}
            }
            """);
        var source = Host().CoinGecko;

        var quotes = await source.GetPricesAsync(["bitcoin", "ethereum", "solana", "cardano", "dogecoin"], "usd", CancellationToken.None);

        quotes.ShouldHaveSingleItem().ShouldBe(new ProviderQuote("bitcoin", null, null, 64000m, null, null, null));
    }

    [Fact]
    public async Task GetPrices_ReportsIdsAsAsked()
    {
        Fake.Otherwise = FakeUpstream.Json("""{"bitcoin":{"usd":1.5}}""");
        var source = Host().CoinGecko;

        var quotes = await source.GetPricesAsync(["Bitcoin"], "usd", CancellationToken.None);

        quotes.ShouldHaveSingleItem().CoinId.ShouldBe("Bitcoin");
    }

    [Fact]
    public async Task GetPrices_OfNoCoins_SendsNothing()
    {
        var source = Host().CoinGecko;

        (await source.GetPricesAsync([], "usd", CancellationToken.None)).ShouldBeEmpty();

        Fake.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task GetMarkets_ParsesTheTopCoins_InOrder()
    {
        Fake.Otherwise = FakeUpstream.Json("""
            [
              {"id":"bitcoin","symbol":"btc","name":"Bitcoin","current_price":64250.123456789,"market_cap":1270000000000,
               "price_change_percentage_24h":2.31,"last_updated":"2024-05-01T12:34:56.789Z"},
              {"id":"ethereum","symbol":"eth","name":"Ethereum","current_price":3100.5,"market_cap":372000000000.75,
               "price_change_percentage_24h":null,"last_updated":null},
              {"id":"delisted","symbol":"dls","name":"Delisted","current_price":null,"market_cap":null}
            ]
            """);
        var source = Host().CoinGecko;

        var quotes = await source.GetMarketsAsync("usd", 3, CancellationToken.None);

        quotes.Count.ShouldBe(2);
        quotes[0].ShouldBe(new ProviderQuote(
            "bitcoin", "BTC", "Bitcoin", 64250.123456789m, 1270000000000m, 2.31m, new DateTimeOffset(2024, 5, 1, 12, 34, 56, 789, TimeSpan.Zero)));
        quotes[1].ShouldBe(new ProviderQuote("ethereum", "ETH", "Ethereum", 3100.5m, 372000000000.75m, null, null));
        var request = Fake.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/api/v3/coins/markets");
        request.QueryValues["vs_currency"].ShouldBe("usd");
        request.QueryValues["order"].ShouldBe("market_cap_desc");
        request.QueryValues["per_page"].ShouldBe("3");
        request.QueryValues["page"].ShouldBe("1");
        request.QueryValues["price_change_percentage"].ShouldBe("24h");
    }

    [Fact]
    public async Task GetHistory_ParsesTheChart_OldestFirst_AsDecimals()
    {
        Fake.Otherwise = FakeUpstream.Json("""
            {"prices":[[1700003600000,64300.000000001],[1700000000000,64250.123456789],[1700007200000.5,0.00001234]],
             "market_caps":[[1700000000000,1]],"total_volumes":[[1700000000000,2]]}
            """);
        var source = Host().CoinGecko;

        var points = await source.GetHistoryAsync("bitcoin", "usd", 30, CancellationToken.None);

        points.ShouldBe([
            new ProviderPricePoint(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), 64250.123456789m),
            new ProviderPricePoint(DateTimeOffset.FromUnixTimeMilliseconds(1700003600000), 64300.000000001m),
            new ProviderPricePoint(DateTimeOffset.FromUnixTimeMilliseconds(1700007200000), 0.00001234m),
        ]);
        var request = Fake.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/api/v3/coins/bitcoin/market_chart");
        request.QueryValues["vs_currency"].ShouldBe("usd");
        request.QueryValues["days"].ShouldBe("30");
    }

    [Fact]
    public async Task GetHistory_OfACoinCoinGeckoDoesNotKnow_IsEmpty()
    {
        Fake.Otherwise = FakeUpstream.Status(404, body: """{"error":"coin not found"}""");
        var source = Host().CoinGecko;

        (await source.GetHistoryAsync("no-such-coin", "usd", 7, CancellationToken.None)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("""{"bitcoin":"cheap"}""")]
    [InlineData("""{"bitcoin":{"usd":"lots"}}""")]
    [InlineData("""{"bitcoin":{"usd":{"value":1}}}""")]
    [InlineData("""{"bitcoin":{"usd":1e40}}""")]
    [InlineData("""{"bitcoin":{"usd":1}""")]
    [InlineData("""{"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit."}}""")]
    public async Task GetPrices_MalformedOrUnexpectedAnswer_IsUnavailable_NeverAJsonException(string body)
    {
        Fake.Otherwise = FakeUpstream.Json(body);
        var source = Host().CoinGecko;

        var exception = await Should.ThrowAsync<PriceSourceUnavailableException>(() => source.GetPricesAsync(["bitcoin"], "usd", CancellationToken.None));

        exception.Message.ShouldStartWith("coingecko:");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("""[{"id":5,"current_price":1}]""")]
    [InlineData("""[{"id":"bitcoin","current_price":[1]}]""")]
    [InlineData("[{]")]
    public async Task GetMarkets_MalformedOrUnexpectedAnswer_IsUnavailable(string body)
    {
        Fake.Otherwise = FakeUpstream.Json(body);
        var source = Host().CoinGecko;

        await Should.ThrowAsync<PriceSourceUnavailableException>(() => source.GetMarketsAsync("usd", 10, CancellationToken.None));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"prices":"none"}""")]
    [InlineData("""{"prices":[[1700000000000]]}""")]
    [InlineData("""{"prices":[["yesterday",1]]}""")]
    [InlineData("""{"prices":[[1700000000000,"x"]]}""")]
    [InlineData("""{"prices":[[1700000000000,1]""")]
    public async Task GetHistory_MalformedOrUnexpectedAnswer_IsUnavailable(string body)
    {
        Fake.Otherwise = FakeUpstream.Json(body);
        var source = Host().CoinGecko;

        await Should.ThrowAsync<PriceSourceUnavailableException>(() => source.GetHistoryAsync("bitcoin", "usd", 1, CancellationToken.None));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task GetPrices_RefusedRequest_IsUnavailable_WithTheStatus_AndNotRetried(int status)
    {
        Fake.Otherwise = FakeUpstream.Status(status);
        var source = Host().CoinGecko;

        var exception = await Should.ThrowAsync<PriceSourceUnavailableException>(() => source.GetPricesAsync(["bitcoin"], "usd", CancellationToken.None));

        exception.Message.ShouldContain($"HTTP {status}");
        Fake.RequestCount.ShouldBe(1);
    }
}

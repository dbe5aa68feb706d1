using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Endpoints;

/// <summary><c>GET /api/v1/prices/{coinId}?vs=</c> against the offline simulated market.</summary>
[Collection(ApiCollection.Name)]
public sealed class GetPriceEndpointTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Get_ReturnsEveryDocumentedField_WithDecimalStrings()
    {
        var user = await client.RegisterAndLoginAsync("prices");

        var price = await (await client.GetAsync("/api/v1/prices/bitcoin?vs=usd", user.AccessToken)).ShouldBeAsync(200);

        price.ShouldBeAPrice("bitcoin");
        price.Str("symbol").ShouldBe("BTC");
        price.Str("name").ShouldBe("Bitcoin");
        PriceJson.Decimal(price, "price").ShouldBeInRange(10_000m, 1_000_000m);
        PriceJson.FetchedAt(price).ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Get_WithoutVs_IsInUsd_AndOtherVsCurrenciesAreHonoured()
    {
        var user = await client.RegisterAndLoginAsync("prices");

        var usd = await (await client.GetAsync("/api/v1/prices/ethereum", user.AccessToken)).ShouldBeAsync(200);
        var eur = await (await client.GetAsync("/api/v1/prices/ethereum?vs=eur", user.AccessToken)).ShouldBeAsync(200);
        var inBtc = await (await client.GetAsync("/api/v1/prices/ethereum?vs=btc", user.AccessToken)).ShouldBeAsync(200);

        usd.ShouldBeAPrice("ethereum", "usd");
        eur.ShouldBeAPrice("ethereum", "eur");
        inBtc.ShouldBeAPrice("ethereum", "btc");
        PriceJson.Decimal(inBtc, "price").ShouldBeLessThan(1m);
        PriceJson.Decimal(eur, "price").ShouldNotBe(PriceJson.Decimal(usd, "price"));
    }

    [Fact]
    public async Task Get_VsIsACurrencyCode_InAnyCase()
    {
        var user = await client.RegisterAndLoginAsync("prices");

        var upper = await (await client.GetAsync("/api/v1/prices/ethereum?vs=EUR", user.AccessToken)).ShouldBeAsync(200);
        var lower = await (await client.GetAsync("/api/v1/prices/ethereum?vs=eur", user.AccessToken)).ShouldBeAsync(200);

        upper.ShouldBeAPrice("ethereum", "eur");
        upper.Str("price").ShouldBe(lower.Str("price"));
    }

    [Fact]
    public async Task Get_ASmallPrice_IsAPlainDecimalString_NotAnExponent()
    {
        var user = await client.RegisterAndLoginAsync("prices");

        var shib = await (await client.GetAsync("/api/v1/prices/shiba-inu", user.AccessToken)).ShouldBeAsync(200);

        shib.ShouldBeAPrice("shiba-inu");
        shib.Str("price").ShouldStartWith("0.0000");
    }

    [Fact]
    public async Task Get_TwiceWithinTheTtl_AnswersTheCachedPrice()
    {
        var user = await client.RegisterAndLoginAsync("prices");

        var first = await (await client.GetAsync("/api/v1/prices/solana?vs=gbp", user.AccessToken)).ShouldBeAsync(200);
        var second = await (await client.GetAsync("/api/v1/prices/solana?vs=gbp", user.AccessToken)).ShouldBeAsync(200);

        second.ToJsonString().ShouldBe(first.ToJsonString());
    }

    [Fact]
    public async Task Get_ACoinNoProviderKnows_Is404NotFound()
    {
        var user = await client.RegisterAndLoginAsync("prices");

        var problem = await (await client.GetAsync("/api/v1/prices/no-such-coin-xyz", user.AccessToken)).ShouldBeProblemAsync(404, "not_found");

        problem.Str("instance").ShouldBe("/api/v1/prices/no-such-coin-xyz");
    }

    [Theory]
    [InlineData("BITCOIN")]
    [InlineData("bit_coin")]
    [InlineData("-bitcoin")]
    public async Task Get_AMalformedCoinId_Is400(string coinId)
    {
        var user = await client.RegisterAndLoginAsync("prices");

        var problem = await (await client.GetAsync($"/api/v1/prices/{coinId}", user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem.FieldErrors("coinId").ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("usdt")]
    [InlineData("")]
    public async Task Get_AnUnsupportedVs_Is400(string vs)
    {
        var user = await client.RegisterAndLoginAsync("prices");

        var response = await client.GetAsync($"/api/v1/prices/bitcoin?vs={vs}", user.AccessToken);

        if (vs.Length == 0)
        {
            // An empty query value is no value at all: the default (usd) applies.
            (await response.ShouldBeAsync(200)).Str("vs").ShouldBe("usd");
            return;
        }

        (await response.ShouldBeProblemAsync(400, "validation_failed")).FieldErrors("vs").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Get_WithoutAToken_Is401()
    {
        await (await client.GetAsync("/api/v1/prices/bitcoin", token: null)).ShouldBeProblemAsync(401, "unauthorized");
    }
}

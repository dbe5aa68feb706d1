using PortfolioTracker.Application.Prices;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Cache;

/// <summary>Ledger assets priced in any quote asset through the cached market data ("FX through the providers").</summary>
public sealed class PriceOracleTests
{
    private static readonly Asset Usd = Fiat("USD");
    private static readonly Asset Eur = Fiat("EUR");
    private static readonly Asset Gbp = Fiat("GBP");
    private static readonly Asset Jpy = Fiat("JPY");
    private static readonly Asset Btc = Crypto("BTC", "bitcoin");
    private static readonly Asset Eth = Crypto("ETH", "ethereum");
    private static readonly Asset Sol = Crypto("SOL", "solana");

    private readonly MarketHarness harness = MarketHarness.Create();

    public PriceOracleTests()
    {
        harness.Primary
            .WithIn("usd", "bitcoin", 100_000m).WithIn("eur", "bitcoin", 80_000m).WithIn("gbp", "bitcoin", 64_000m)
            .WithIn("usd", "ethereum", 4_000m)
            .WithIn("usd", "solana", 200m);
    }

    private PriceOracle Oracle => new(harness.Market);

    [Fact]
    public async Task ACoinInAVsCurrency_IsTheProvidersPrice()
    {
        var price = await Oracle.PriceAsync(Btc, Usd, CancellationToken.None);

        price.ShouldBe(new AssetPrice(100_000m, Stale: false, ManualClock.Start, "fake", Error: null));
    }

    [Fact]
    public async Task AFiatCurrencyInAnother_GoesAcrossBitcoin()
    {
        (await Oracle.PriceAsync(Eur, Usd, CancellationToken.None)).Price.ShouldBe(1.25m);
        (await Oracle.PriceAsync(Gbp, Eur, CancellationToken.None)).Price.ShouldBe(1.25m);
        (await Oracle.PriceAsync(Usd, Gbp, CancellationToken.None)).Price.ShouldBe(0.64m);
    }

    [Fact]
    public async Task InAQuoteTheProvidersDoNotPriceIn_GoesAcrossUsd()
    {
        (await Oracle.PriceAsync(Btc, Sol, CancellationToken.None)).Price.ShouldBe(500m);
        (await Oracle.PriceAsync(Usd, Sol, CancellationToken.None)).Price.ShouldBe(0.005m);
        (await Oracle.PriceAsync(Eur, Sol, CancellationToken.None)).Price.ShouldBe(0.00625m);
    }

    [Fact]
    public async Task AnAssetInItself_IsOne_WithoutAskingAnyProvider()
    {
        var price = await Oracle.PriceAsync(Btc, Btc, CancellationToken.None);

        price.Price.ShouldBe(1m);
        price.Source.ShouldBe("identity");
        price.Error.ShouldBeNull();
        harness.Primary.PriceCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ManyAssets_AreFetchedInOneCallPerVsCurrency()
    {
        var prices = await Oracle.PricesAsync([Btc, Eth, Eur, Usd], Usd, CancellationToken.None);

        prices[Btc.Code].Price.ShouldBe(100_000m);
        prices[Eth.Code].Price.ShouldBe(4_000m);
        prices[Eur.Code].Price.ShouldBe(1.25m);
        prices[Usd.Code].Price.ShouldBe(1m);
        var calls = harness.Primary.PriceCallsWithVs;
        calls.Count.ShouldBe(2);
        calls.Single(c => c.Vs == "usd").Coins.ShouldBe(["bitcoin", "ethereum"], ignoreOrder: true);
        calls.Single(c => c.Vs == "eur").Coins.ShouldBe(["bitcoin"]);
    }

    [Fact]
    public async Task ACrossRateWithAStaleLeg_IsStale_AndCarriesTheOldestFetchedAt()
    {
        await Oracle.PriceAsync(Btc, Eur, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await Oracle.PriceAsync(Btc, Usd, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromSeconds(31));
        harness.Primary.Fail();

        var price = await Oracle.PriceAsync(Eur, Usd, CancellationToken.None);

        price.ShouldBe(new AssetPrice(1.25m, Stale: true, ManualClock.Start, "fake", Error: null));
    }

    [Fact]
    public async Task WhenALegHasNoPrice_TheAssetFailsWithItsReason()
    {
        var unknown = Crypto("NOPE", "no-such-coin");

        var prices = await Oracle.PricesAsync([unknown, Jpy, Btc], Usd, CancellationToken.None);

        prices[unknown.Code].Error.ShouldBe(PriceErrors.UnknownCoin);
        prices[Jpy.Code].Error!.Code.ShouldBe("price_unavailable");
        prices[Jpy.Code].Price.ShouldBeNull();
        prices[Btc.Code].Price.ShouldBe(100_000m);
        harness.Primary.Fail();
        (await Oracle.PriceAsync(Eth, Eur, CancellationToken.None)).Error.ShouldBe(PriceErrors.Unavailable);
    }

    private static Asset Fiat(string code) => Asset.Create(AssetCode.Parse(code), code, AssetKind.Fiat, 2, null).Value;

    private static Asset Crypto(string code, string priceId) => Asset.Create(AssetCode.Parse(code), code, AssetKind.Crypto, 8, priceId).Value;
}

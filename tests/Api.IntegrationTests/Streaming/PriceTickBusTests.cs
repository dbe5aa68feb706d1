using System.Text;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;
using PortfolioTracker.Infrastructure.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>The notification payloads: under PostgreSQL's limit however many prices, and exact on the way back.</summary>
public sealed class PriceTickBusTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    [Fact]
    public void Payloads_OfAThousandPrices_AreSplitUnderTheLimit_AndTogetherCarryEveryPriceExactly()
    {
        var prices = Enumerable.Range(0, 1000)
            .Select(i => new MarketPrice(
                $"coin-{i}", "SYM", "Ünïcode name", 0.00000123m + i, 123456789012345678.91m, -1.25m, "usd", At.AddSeconds(i), "coingecko", false))
            .ToList();
        var tick = new PriceTick(7, At, prices);

        var payloads = PriceTickBus.Payloads(Guid.NewGuid(), tick).ToList();

        payloads.Count.ShouldBeGreaterThan(1);
        payloads.ShouldAllBe(p => Encoding.UTF8.GetByteCount(p) < 8000);
        var back = payloads.Select(PriceTickBus.Parse).ToList();
        back.ShouldAllBe(t => t != null && t.Sequence == 7 && t.PublishedAt == At);
        back.SelectMany(t => t!.Prices).ShouldBe(prices);
    }

    [Fact]
    public void Payloads_OfOnePrice_IsOneNotification()
    {
        var price = new MarketPrice("bitcoin", "BTC", "Bitcoin", 64250.12345678m, null, null, "eur", At, "binance (USDT≈USD)", false);

        var payload = PriceTickBus.Payloads(Guid.NewGuid(), new PriceTick(1, At, [price])).Single();

        PriceTickBus.Parse(payload)!.Prices.ShouldBe([price]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"sequence\":1}")]
    [InlineData("[1,2]")]
    public void Parse_OfSomethingElse_IsNull(string payload) => PriceTickBus.Parse(payload).ShouldBeNull();
}

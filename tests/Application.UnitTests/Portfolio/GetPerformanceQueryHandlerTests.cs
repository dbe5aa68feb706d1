using NSubstitute;
using PortfolioTracker.Application.Portfolio;
using PortfolioTracker.Application.Portfolio.Queries.GetPerformance;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;

namespace PortfolioTracker.Application.UnitTests.Portfolio;

public class GetPerformanceQueryHandlerTests
{
    // The clock says 2025-06-01 12:00 UTC.
    private static readonly DateTimeOffset May30 = new(2025, 5, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset May31 = May30.AddDays(1);
    private static readonly DateTimeOffset June1 = May30.AddDays(2);

    private readonly PortfolioMarket market = new();
    private readonly Guid account = Guid.NewGuid();

    public GetPerformanceQueryHandlerTests()
    {
        market.WithAccounts(account)
            .WithHistory(
                "bitcoin",
                "usd",
                (May30, 100000m),
                (May31, 101000m),
                (June1, 102000m),
                (June1.AddHours(11), 103000m))
            .Holding(("BTC", 0.2m), ("USD", 50m))
            .WithPrice("bitcoin", "usd", 104000.125m);
        market.Queries.DailyHoldingsAsync(Arg.Any<IReadOnlyCollection<Guid>>(), May30, June1, Arg.Any<CancellationToken>())
            .Returns([
                new DailyHoldingRow(May30, "BTC", 0.1m),
                new DailyHoldingRow(May30, "USD", 100m),
                new DailyHoldingRow(May31, "BTC", 0.2m),
                new DailyHoldingRow(May31, "USD", 50m),
                new DailyHoldingRow(June1, "BTC", 0.2m),
                new DailyHoldingRow(June1, "USD", 50m),
            ]);
    }

    [Fact]
    public async Task Handle_ValuesEachDaysClosingHoldingsAtThatDaysClosingPrice_AndEndsWithTheCurrentValue()
    {
        var performance = (await Handle(new GetPerformanceQuery(null, May30.AddHours(7), null, null, null))).Value;

        performance.Quote.ShouldBe("USD");
        performance.Errors.ShouldBeEmpty();
        performance.Items.ShouldBe([
            // The close of May 30 (0.1 BTC + 100 USD) at the price of May 31 00:00: 10,100 + 100.
            new PerformancePointDto(May31, "10200.00"),

            // The close of May 31 (0.2 BTC + 50 USD) at 102,000: 20,400 + 50.
            new PerformancePointDto(June1, "20450.00"),

            // Now: current holdings at the current price, 0.2 × 104,000.125 = 20,800.025 → 20,800.03, + 50.
            new PerformancePointDto(market.Now, "20850.03"),
        ]);
    }

    [Fact]
    public async Task Handle_WhenTheRangeEndsInThePast_EndsAtThatInstantWithThatDaysHoldings()
    {
        var to = May31.AddHours(6);
        market.Queries.DailyHoldingsAsync(Arg.Any<IReadOnlyCollection<Guid>>(), May30, May31, Arg.Any<CancellationToken>())
            .Returns([new DailyHoldingRow(May30, "BTC", 0.1m), new DailyHoldingRow(May31, "BTC", 0.2m)]);

        var performance = (await Handle(new GetPerformanceQuery("USD", May30, to, "day", null))).Value;

        performance.Items.ShouldBe([new PerformancePointDto(May31, "10100.00"), new PerformancePointDto(to, "20200.00")]);
        await market.Market.DidNotReceiveWithAnyArgs().GetPricesAsync(default!, default!, default, default);
    }

    [Fact]
    public async Task Handle_WhenAnAssetsHistoryIsUnavailable_LeavesItOutAndNamesIt()
    {
        market.Queries.DailyHoldingsAsync(Arg.Any<IReadOnlyCollection<Guid>>(), May30, June1, Arg.Any<CancellationToken>())
            .Returns([new DailyHoldingRow(May30, "BTC", 0.1m), new DailyHoldingRow(May30, "ETH", 1m)]);
        market.Holding(("BTC", 0.1m), ("ETH", 1m));

        var performance = (await Handle(new GetPerformanceQuery(null, May30, null, null, null))).Value;

        performance.Errors.ShouldBe([new PerformanceErrorDto("ETH", "price_unavailable", PriceErrors.Unavailable.Message)]);
        performance.Items.Select(i => i.Value).ShouldBe(["10100.00", "0.00", "10400.01"]);
    }

    [Fact]
    public async Task Handle_ForAnotherUsersAccount_ReturnsNotFound()
    {
        var result = await Handle(new GetPerformanceQuery(null, null, null, null, Guid.NewGuid()));

        result.Error.ShouldBe(AccountErrors.NotFound);
    }

    private Task<Domain.Common.Result<PerformanceDto>> Handle(GetPerformanceQuery query) =>
        new GetPerformanceQueryHandler(market.ScopeFor(market.Owner()), market.Queries, TestAssets.Catalog(), new PriceOracle(market.Market), market.Clock)
            .Handle(query, CancellationToken.None);
}

using NSubstitute;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Portfolio;
using PortfolioTracker.Application.Portfolio.Queries.GetPortfolio;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.UnitTests.TestSupport;
using static PortfolioTracker.Application.UnitTests.Portfolio.PortfolioMarket;

namespace PortfolioTracker.Application.UnitTests.Portfolio;

public class GetPortfolioQueryHandlerTests
{
    private readonly PortfolioMarket market = new();
    private readonly Guid spot = Guid.NewGuid();
    private readonly Guid savings = Guid.NewGuid();

    public GetPortfolioQueryHandlerTests() => market.WithAccounts(spot, savings);

    private DateTimeOffset Day(int daysAgo) => market.Now.AddDays(-daysAgo);

    [Fact]
    public async Task Handle_WithBuysAtDifferentPricesSellsFeesAndTwoAccounts_ValuesEveryHoldingExactly()
    {
        // Spot buys 0.1 BTC at 90,000 + 10 fee (9,010), sells 0.03 BTC, then pays 0.05 BTC for 1 ETH when BTC was at
        // 95,000 (4,750 USD); savings buys 0.05 BTC at 80,000 (4,000) and is credited 2 ETH that cost 3,000 each.
        market
            .WithEvents(
                Credited(spot, Day(40), "USD", 20000m),
                Credited(savings, Day(40), "USD", 4000m),
                Bought(spot, Day(30), "BTC", 0.1m, "USD", 9010m),
                PaidFor(spot, Day(30), "BTC", "USD", 9010m),
                Bought(savings, Day(20), "BTC", 0.05m, "USD", 4000m),
                PaidFor(savings, Day(20), "BTC", "USD", 4000m),
                Sold(spot, Day(10), "BTC", 0.03m, "USD", 2995m),
                Proceeds(spot, Day(10), "BTC", "USD", 2995m),
                Credited(savings, Day(8), "ETH", 2m, 3000m, "USD"),
                Bought(spot, Day(5), "ETH", 1m, "BTC", 0.05m),
                PaidFor(spot, Day(5), "ETH", "BTC", 0.05m))
            .WithHistory("bitcoin", "usd", (Day(6), 95000m), (Day(4), 97000m))
            .Holding(("BTC", 0.07m), ("ETH", 3m), ("USD", 11985m))
            .WithPrice("bitcoin", "usd", 100000.5m)
            .WithPrice("ethereum", "usd", 3500m);

        var portfolio = (await Handle(new GetPortfolioQuery(null, null))).Value;

        portfolio.Quote.ShouldBe("USD");
        portfolio.AsOf.ShouldBe(market.Now);
        portfolio.Holdings.Select(h => h.Asset).ShouldBe(["USD", "ETH", "BTC"]);

        // Cash is worth its face value in its own currency and has no P&L of its own.
        portfolio.Holdings[0].ShouldBe(new HoldingDto("USD", "11985.00", "1", "11985.00", "1.00", "11985.00", "0.00", "40.65", false, null));

        // ETH: 3 × 3,500 = 10,500.00; cost 6,000 + 4,750 = 10,750.00 → P&L −250.00.
        portfolio.Holdings[1].ShouldBe(new HoldingDto(
            "ETH", "3.000000000000000000", "3500", "10500.00", "3583.33", "10750.00", "-250.00", "35.61", false, null));

        // BTC is costed per account. Spot: 0.1 for 9,010; selling 0.03 leaves 0.07 for 6,307; paying 0.05 for ETH leaves
        // 0.02 for 6,307 × 2/7 = 1,802. Savings: 0.05 for 4,000. Together 0.07 for 5,802 (average 82,885.71, rounded to the quote's decimals like every computed figure);
        // value 0.07 × 100,000.5 = 7,000.035 → 7,000.04 (midpoint away from zero); P&L 7,000.04 − 5,802.00 = 1,198.04.
        portfolio.Holdings[2].ShouldBe(new HoldingDto(
            "BTC", "0.07000000", "100000.5", "7000.04", "82885.71", "5802.00", "1198.04", "23.74", false, null));

        // Totals are the sums of the rounded lines.
        portfolio.TotalValue.ShouldBe("29485.04");
        portfolio.TotalCost.ShouldBe("28537.00");
        portfolio.UnrealizedPnl.ShouldBe("948.04");
    }

    [Fact]
    public async Task Handle_ForOneAccount_CountsUnitsMovedFromAnotherOfTheOwnersAccountsAtWhatTheyCost()
    {
        // Spot buys 1 BTC for 50,000 and moves 0.4 to savings; savings then buys 0.1 more for 6,000.
        market
            .WithEvents([
                Bought(spot, Day(10), "BTC", 1m, "USD", 50000m),
                .. Transferred(Day(9), spot, savings, "BTC", 0.4m),
                Bought(savings, Day(8), "BTC", 0.1m, "USD", 6000m),
            ])
            .Holding(("BTC", 0.5m))
            .WithPrice("bitcoin", "usd", 70000m);

        var btc = (await Handle(new GetPortfolioQuery(null, savings))).Value.Holdings.Single();

        // 0.4 at 50,000 (20,000) + 0.1 for 6,000: 0.5 for 26,000.
        btc.CostBasis.ShouldBe("26000.00");
        btc.AverageCost.ShouldBe("52000.00");
        btc.Value.ShouldBe("35000.00");
        btc.UnrealizedPnl.ShouldBe("9000.00");
    }

    [Fact]
    public async Task Handle_ForTheAccountUnitsWereMovedOutOf_KeepsTheAverageOfWhatIsLeft()
    {
        market
            .WithEvents([Bought(spot, Day(10), "BTC", 1m, "USD", 50000m), .. Transferred(Day(9), spot, savings, "BTC", 0.4m)])
            .Holding(("BTC", 0.6m))
            .WithPrice("bitcoin", "usd", 70000m);

        var btc = (await Handle(new GetPortfolioQuery(null, spot))).Value.Holdings.Single();

        btc.CostBasis.ShouldBe("30000.00");
        btc.AverageCost.ShouldBe("50000.00");
    }

    [Fact]
    public async Task Handle_WhenUnitsArriveFromSomeoneElse_TheirCostIsUnknown()
    {
        // Only the incoming leg is in the owner's accounts: the sender is another user.
        var gift = Transferred(Day(9), Guid.NewGuid(), savings, "BTC", 0.4m)[0];
        market.WithEvents(gift).Holding(("BTC", 0.4m)).WithPrice("bitcoin", "usd", 70000m);

        var btc = (await Handle(new GetPortfolioQuery(null, null))).Value.Holdings.Single();

        btc.Value.ShouldBe("28000.00");
        btc.CostBasis.ShouldBeNull();
        btc.UnrealizedPnl.ShouldBeNull();
    }

    [Fact]
    public async Task Handle_WhenAPriceIsUnavailable_ReportsTheHoldingWithAnErrorAndLeavesItOutOfTheTotals()
    {
        market
            .WithEvents(Bought(spot, Day(3), "BTC", 1m, "USD", 50000m), Bought(spot, Day(2), "ETH", 2m, "USD", 4000m))
            .Holding(("BTC", 1m), ("ETH", 2m))
            .WithPrice("bitcoin", "usd", 60000m)
            .WithFailure("ethereum", "usd", PriceFailure.TimedOut);

        var portfolio = (await Handle(new GetPortfolioQuery("USD", null))).Value;

        portfolio.Holdings.Select(h => h.Asset).ShouldBe(["BTC", "ETH"]);
        portfolio.Holdings[1].ShouldBe(new HoldingDto(
            "ETH", "2.000000000000000000", null, null, null, null, null, null, false, new PriceErrorDto("price_timeout", PriceErrors.TimedOut.Message)));
        portfolio.Holdings[0].AllocationPct.ShouldBe("100.00");
        portfolio.TotalValue.ShouldBe("60000.00");
        portfolio.TotalCost.ShouldBe("50000.00");
        portfolio.UnrealizedPnl.ShouldBe("10000.00");
    }

    [Fact]
    public async Task Handle_WhenAPriceIsStale_SaysSoOnTheHolding()
    {
        market
            .WithEvents(Bought(spot, Day(3), "BTC", 1m, "USD", 50000m))
            .Holding(("BTC", 1m))
            .WithPrice("bitcoin", "usd", 61000m, stale: true);

        var holding = (await Handle(new GetPortfolioQuery(null, null))).Value.Holdings.Single();

        holding.Stale.ShouldBeTrue();
        holding.Value.ShouldBe("61000.00");
        holding.Error.ShouldBeNull();
    }

    [Fact]
    public async Task Handle_WhenACoinArrivedWithoutACost_ReportsTheValueButNoCostOrPnl()
    {
        market
            .WithEvents(Bought(spot, Day(3), "BTC", 1m, "USD", 50000m), Credited(spot, Day(2), "BTC", 1m))
            .Holding(("BTC", 2m))
            .WithPrice("bitcoin", "usd", 60000m);

        var portfolio = (await Handle(new GetPortfolioQuery(null, null))).Value;

        portfolio.Holdings.Single().ShouldBe(new HoldingDto("BTC", "2.00000000", "60000", "120000.00", null, null, null, "100.00", false, null));
        portfolio.TotalValue.ShouldBe("120000.00");
        portfolio.TotalCost.ShouldBe("0.00");
        portfolio.UnrealizedPnl.ShouldBe("0.00");
    }

    [Fact]
    public async Task Handle_InAnotherQuote_ConvertsCostsAtTheirTimeAndValuesAtTheCurrentRate()
    {
        // Bought for 9,000 USD when BTC was 100,000 USD and 90,000 EUR (1 USD = 0.9 EUR): cost 8,100 EUR.
        market
            .WithEvents(Bought(spot, Day(3), "BTC", 0.1m, "USD", 9000m), PaidFor(spot, Day(3), "BTC", "USD", 9000m))
            .WithHistory("bitcoin", "eur", (Day(4), 90000m), (Day(1), 91000m))
            .WithHistory("bitcoin", "usd", (Day(4), 100000m), (Day(1), 99000m))
            .Holding(("BTC", 0.1m), ("USD", 1000m))
            .WithPrice("bitcoin", "eur", 92000m)
            .WithPrice("bitcoin", "usd", 115000m);

        var portfolio = (await Handle(new GetPortfolioQuery("EUR", null))).Value;

        portfolio.Quote.ShouldBe("EUR");
        var btc = portfolio.Holdings.Single(h => h.Asset == "BTC");
        btc.ShouldBe(new HoldingDto("BTC", "0.10000000", "92000", "9200.00", "81000.00", "8100.00", "1100.00", "92.00", false, null));

        // 1,000 USD at 92,000 / 115,000 = 0.8 EUR each.
        var usd = portfolio.Holdings.Single(h => h.Asset == "USD");
        usd.ShouldBe(new HoldingDto("USD", "1000.00", "0.8", "800.00", "0.80", "800.00", "0.00", "8.00", false, null));
        portfolio.TotalValue.ShouldBe("10000.00");
    }

    [Fact]
    public async Task Handle_WhenACostWouldNeedAConversionOlderThanTheHistory_LeavesTheCostUnknown()
    {
        market
            .WithEvents(Bought(spot, Day(400), "BTC", 1m, "USD", 10000m))
            .WithHistory("bitcoin", "eur", (Day(500), 9000m))
            .WithHistory("bitcoin", "usd", (Day(500), 10000m))
            .Holding(("BTC", 1m))
            .WithPrice("bitcoin", "eur", 92000m);

        var btc = (await Handle(new GetPortfolioQuery("EUR", null))).Value.Holdings.Single();

        btc.Value.ShouldBe("92000.00");
        btc.CostBasis.ShouldBeNull();
        btc.AverageCost.ShouldBeNull();
        btc.UnrealizedPnl.ShouldBeNull();
    }

    [Fact]
    public async Task Handle_WhenTheCallerHasNoAccounts_AnswersAnEmptyPortfolio()
    {
        var empty = new PortfolioMarket();

        var portfolio = (await new GetPortfolioQueryHandler(
            empty.ScopeFor(empty.Owner()), empty.Queries, TestAssets.Catalog(), new PriceOracle(empty.Market), empty.CostBases(), empty.Clock)
            .Handle(new GetPortfolioQuery(null, null), CancellationToken.None)).Value;

        portfolio.Holdings.ShouldBeEmpty();
        portfolio.TotalValue.ShouldBe("0.00");
        portfolio.TotalCost.ShouldBe("0.00");
        portfolio.UnrealizedPnl.ShouldBe("0.00");
    }

    [Fact]
    public async Task Handle_ForOneAccount_ReadsOnlyThatAccountsHoldings_AndTheHistoryOfAllTheOwnersAccounts()
    {
        market.Holding(("USD", 5m)).WithEvents();

        var portfolio = await Handle(new GetPortfolioQuery(null, savings));

        portfolio.IsSuccess.ShouldBeTrue();
        await market.Queries.Received(1).HoldingsAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.SequenceEqual(new[] { savings })), Arg.Any<CancellationToken>());
        market.Queries.Received(1).CostEventsAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.SequenceEqual(new[] { spot, savings })), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_ForAnotherUsersAccount_ReturnsNotFoundAndReadsNothing()
    {
        var result = await Handle(new GetPortfolioQuery(null, savings), CurrentUsers.For(Guid.NewGuid()));

        result.Error.ShouldBe(AccountErrors.NotFound);
        await market.Queries.DidNotReceiveWithAnyArgs().HoldingsAsync(default!, default);
    }

    [Fact]
    public async Task Handle_WhenAnAdminReadsSomeoneElsesAccount_AnswersAndAuditsTheRead()
    {
        market.Holding(("USD", 5m)).WithEvents();

        var result = await Handle(new GetPortfolioQuery(null, savings), CurrentUsers.Admin());

        result.IsSuccess.ShouldBeTrue();
        await market.AuditLog.Received(1).RecordAsync(
            new AuditEntry("admin.read_portfolio", "account", savings.ToString(), SubjectUserId: market.UserId), Arg.Any<CancellationToken>());
    }

    private Task<Domain.Common.Result<PortfolioDto>> Handle(GetPortfolioQuery query, ICurrentUser? caller = null) =>
        new GetPortfolioQueryHandler(
                market.ScopeFor(caller ?? market.Owner()), market.Queries, TestAssets.Catalog(), new PriceOracle(market.Market), market.CostBases(), market.Clock)
            .Handle(query, CancellationToken.None);
}

using System.Globalization;
using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;

namespace PortfolioTracker.Api.IntegrationTests.Portfolio;

[Collection(ApiCollection.Name)]
public sealed class PortfolioTests(ApiFactory factory)
{
    private static readonly string[] PortfolioMembers = ["quote", "asOf", "totalValue", "totalCost", "unrealizedPnl", "holdings"];

    private static readonly string[] HoldingMembers =
        ["asset", "quantity", "price", "value", "averageCost", "costBasis", "unrealizedPnl", "allocationPct", "stale", "error"];

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Portfolio_AcrossTwoAccounts_HasExactCostsAndValuesRoundedToTheQuote()
    {
        var (user, _, _) = await TradedPortfolioAsync();

        var portfolio = await (await client.GetAsync("/api/v1/portfolio", user.AccessToken)).ShouldBeAsync(200);

        portfolio.AsObject().Select(m => m.Key).ShouldBe(PortfolioMembers, ignoreOrder: true);
        portfolio.Str("quote").ShouldBe("USD");
        var holdings = portfolio["holdings"]!.AsArray().Select(h => h!).ToList();
        holdings.ShouldAllBe(h => h.AsObject().Select(m => m.Key).OrderBy(k => k).SequenceEqual(HoldingMembers.OrderBy(k => k)));
        holdings.Select(h => h.Str("asset")).ShouldBe(["BTC", "USD", "ETH"], ignoreOrder: true);
        holdings.Select(h => Dec(h.Str("value"))).ShouldBeInOrder(SortDirection.Descending);
        holdings.ShouldAllBe(h => h["stale"]!.GetValue<bool>() == false && h["error"] == null);

        // BTC: spot bought 0.1 for 9,010 (fee included), sold 0.03 (0.07 left for 6,307) and moved 0.01 to savings with
        // its cost (901); savings bought 0.05 for 4,000. Held: 0.12 for 10,307 → average 85,891.66….
        var btc = holdings.Single(h => h.Str("asset") == "BTC");
        btc.Str("quantity").ShouldBe("0.12000000");
        btc.Str("costBasis").ShouldBe("10307.00");
        btc.Str("averageCost").ShouldBe("85891.67");
        ShouldBeValuedAtItsPrice(btc, 0.12m);

        // Cash: valued at face value, cost equal to value, no P&L.
        var usd = holdings.Single(h => h.Str("asset") == "USD");
        usd.Str("quantity").ShouldBe("13985.00");
        usd.Str("price").ShouldBe("1");
        usd.Str("value").ShouldBe("13985.00");
        usd.Str("costBasis").ShouldBe("13985.00");
        usd.Str("unrealizedPnl").ShouldBe("0.00");

        // ETH: credited with a unit price of 3,000.
        var eth = holdings.Single(h => h.Str("asset") == "ETH");
        eth.Str("quantity").ShouldBe("2.000000000000000000");
        eth.Str("costBasis").ShouldBe("6000.00");
        eth.Str("averageCost").ShouldBe("3000.00");
        ShouldBeValuedAtItsPrice(eth, 2m);

        // Totals are the sums of the rounded lines; allocations are each value's share with 2 decimals.
        var total = holdings.Sum(h => Dec(h.Str("value")));
        portfolio.Str("totalValue").ShouldBe(Money(total));
        portfolio.Str("totalCost").ShouldBe(Money(holdings.Sum(h => Dec(h.Str("costBasis")))));
        portfolio.Str("unrealizedPnl").ShouldBe(Money(holdings.Sum(h => Dec(h.Str("unrealizedPnl")))));
        foreach (var holding in holdings)
        {
            holding.Str("allocationPct").ShouldBe(Money(Math.Round(Dec(holding.Str("value")) * 100 / total, 2, MidpointRounding.AwayFromZero)));
        }
    }

    [Fact]
    public async Task Portfolio_OfOneAccount_CountsUnitsMovedInFromAnotherOfTheOwnersAccountsAtTheirCost()
    {
        var (user, spot, savings) = await TradedPortfolioAsync();

        var ofSavings = await (await client.GetAsync($"/api/v1/portfolio?accountId={savings}", user.AccessToken)).ShouldBeAsync(200);
        var ofSpot = await (await client.GetAsync($"/api/v1/portfolio?accountId={spot}", user.AccessToken)).ShouldBeAsync(200);

        // Savings: 0.05 for 4,000 plus 0.01 moved in at 901 → 0.06 for 4,901. Spot: 0.06 left for 5,406.
        var savingsBtc = HoldingOf(ofSavings, "BTC");
        savingsBtc.Str("quantity").ShouldBe("0.06000000");
        savingsBtc.Str("costBasis").ShouldBe("4901.00");
        savingsBtc.Str("averageCost").ShouldBe("81683.33");
        var spotBtc = HoldingOf(ofSpot, "BTC");
        spotBtc.Str("quantity").ShouldBe("0.06000000");
        spotBtc.Str("costBasis").ShouldBe("5406.00");
        spotBtc.Str("averageCost").ShouldBe("90100.00");
        HoldingOf(ofSpot, "USD").Str("quantity").ShouldBe("13985.00");
        ofSpot["holdings"]!.AsArray().Select(h => h!.Str("asset")).ShouldNotContain("ETH");
    }

    [Fact]
    public async Task Portfolio_InAnotherQuote_ValuesEverythingInIt()
    {
        var (user, _, _) = await TradedPortfolioAsync();

        var portfolio = await (await client.GetAsync("/api/v1/portfolio?quote=EUR", user.AccessToken)).ShouldBeAsync(200);

        portfolio.Str("quote").ShouldBe("EUR");
        var usd = HoldingOf(portfolio, "USD");
        ShouldBeValuedAtItsPrice(usd, 13985m);
        Dec(usd.Str("price")).ShouldNotBe(1m);
        usd.Str("unrealizedPnl").ShouldBe("0.00");
        var btc = HoldingOf(portfolio, "BTC");
        ShouldBeValuedAtItsPrice(btc, 0.12m);
        btc["costBasis"].ShouldNotBeNull("the buys' USD costs convert at the price history of their time");
        btc.Str("unrealizedPnl").ShouldBe(Money(Dec(btc.Str("value")) - Dec(btc.Str("costBasis"))));
    }

    [Fact]
    public async Task Portfolio_OfAUserWithoutAccounts_IsEmpty()
    {
        var user = await client.RegisterAndLoginAsync("portfolio");

        var portfolio = await (await client.GetAsync("/api/v1/portfolio?quote=btc", user.AccessToken)).ShouldBeAsync(200);

        portfolio.Str("quote").ShouldBe("BTC");
        portfolio.Str("totalValue").ShouldBe("0.00000000");
        portfolio.Str("totalCost").ShouldBe("0.00000000");
        portfolio.Str("unrealizedPnl").ShouldBe("0.00000000");
        portfolio["holdings"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Portfolio_OfAnotherUsersAccount_IsNotFound()
    {
        var owner = await client.RegisterAndLoginAsync("portfolio");
        var account = await client.OpenAccountAsync(owner);
        var stranger = await client.RegisterAndLoginAsync("portfolio");

        await (await client.GetAsync($"/api/v1/portfolio?accountId={account}", stranger.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/portfolio/performance?accountId={account}", stranger.AccessToken)).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task Portfolio_OfAnotherUsersAccount_IsReadableByAnAdmin()
    {
        var owner = await client.RegisterAndLoginAsync("portfolio");
        var account = await client.OpenAccountAsync(owner);
        await client.CreditAsync(owner, account, "12.50");
        var admin = await client.LoginAdminAsync();

        var portfolio = await (await client.GetAsync($"/api/v1/portfolio?accountId={account}", admin.AccessToken)).ShouldBeAsync(200);

        portfolio.Str("totalValue").ShouldBe("12.50");
    }

    [Theory]
    [InlineData("/api/v1/portfolio?quote=XYZ", "quote")]
    [InlineData("/api/v1/portfolio?accountId=not-a-guid", "accountId")]
    [InlineData("/api/v1/portfolio/performance?quote=XYZ", "quote")]
    [InlineData("/api/v1/portfolio/performance?interval=hour", "interval")]
    [InlineData("/api/v1/portfolio/performance?from=2020-01-01T00:00:00Z", "from")]
    [InlineData("/api/v1/portfolio/performance?from=not-a-time", "from")]
    [InlineData("/api/v1/portfolio/performance?to=0001-01-01T00:00:00Z&interval=1", "from")] // found by the fuzzer: was a 500
    [InlineData("/api/v1/portfolio/performance?to=0001-01-15T00:00:00Z", "from")]
    public async Task Portfolio_WithBadQuery_Is400(string url, string field)
    {
        var user = await client.RegisterAndLoginAsync("portfolio");

        var problem = await (await client.GetAsync(url, user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Performance_WhenFromIsAfterTo_Is400()
    {
        var user = await client.RegisterAndLoginAsync("portfolio");
        var now = DateTimeOffset.UtcNow;
        var url = $"/api/v1/portfolio/performance?from={Iso(now.AddDays(-1))}&to={Iso(now.AddDays(-3))}";

        await (await client.GetAsync(url, user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task Portfolio_WithoutAToken_Is401()
    {
        await (await client.GetAsync("/api/v1/portfolio", null)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.GetAsync("/api/v1/portfolio/performance", null)).ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task Performance_ByDefault_HasThirtyDailyPointsOldestFirst_EndingWithTheCurrentValue()
    {
        var (user, _, _) = await TradedPortfolioAsync();

        var portfolio = await (await client.GetAsync("/api/v1/portfolio", user.AccessToken)).ShouldBeAsync(200);
        var performance = await (await client.GetAsync("/api/v1/portfolio/performance", user.AccessToken)).ShouldBeAsync(200);

        performance.AsObject().Select(m => m.Key).ShouldBe(["quote", "items", "errors"], ignoreOrder: true);
        performance.Str("quote").ShouldBe("USD");
        performance["errors"]!.AsArray().ShouldBeEmpty();
        var items = performance["items"]!.AsArray().Select(i => i!).ToList();
        items.Count.ShouldBe(30);
        items.ShouldAllBe(i => i.AsObject().Count == 2 && i["at"] != null && i["value"] != null);
        items.Select(i => DateTimeOffset.Parse(i.Str("at"), CultureInfo.InvariantCulture)).ShouldBeInOrder(SortDirection.Ascending);

        // Everything happened today: every earlier day closed at zero, and today is the current value.
        items.SkipLast(1).ShouldAllBe(i => i.Str("value") == "0.00");
        items[^1].Str("value").ShouldBe(portfolio.Str("totalValue"));
    }

    [Fact]
    public async Task Performance_OverAGivenRange_HasOnePointPerDay()
    {
        var user = await client.RegisterAndLoginAsync("portfolio");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);

        var performance = await (await client.GetAsync(
            $"/api/v1/portfolio/performance?quote=USD&from={Iso(today.AddDays(-2))}&interval=day", user.AccessToken)).ShouldBeAsync(200);

        var items = performance["items"]!.AsArray().Select(i => i!).ToList();
        items.Select(i => i.Str("value")).ShouldBe(["0.00", "0.00", "100.00"]);
        DateTimeOffset.Parse(items[0].Str("at"), CultureInfo.InvariantCulture).ShouldBe(today.AddDays(-1));
        DateTimeOffset.Parse(items[1].Str("at"), CultureInfo.InvariantCulture).ShouldBe(today);
    }

    [Fact]
    public async Task Credit_WithAUnitPrice_RecordsItOnTheTransaction()
    {
        var user = await client.RegisterAndLoginAsync("portfolio");
        var account = await client.OpenAccountAsync(user, baseCurrency: "EUR");

        var credit = await (await client.PostKeyedAsync(
            "/api/v1/transactions/credit", new { accountId = account, asset = "BTC", amount = "0.5", price = "61000.5" }, user, null)).ShouldBeAsync(201);

        credit["unitCost"]!.Str("asset").ShouldBe("EUR");
        credit["unitCost"]!.Str("price").ShouldBe("61000.5");
        (await client.GetTransactionAsync(user, credit.Id()))["unitCost"]!.Str("price").ShouldBe("61000.5");
        var plain = await client.CreditAsync(user, account, "1.00", "EUR");
        plain["unitCost"].ShouldBeNull();
    }

    [Theory]
    [InlineData("BTC", "-1")]
    [InlineData("BTC", "0")]
    [InlineData("BTC", "1e3")]
    [InlineData("BTC", "abc")]
    [InlineData("USD", "1")]
    public async Task Credit_WithABadUnitPrice_Is400AndChangesNothing(string asset, string price)
    {
        var user = await client.RegisterAndLoginAsync("portfolio");
        var account = await client.OpenAccountAsync(user);

        var problem = await (await client.PostKeyedAsync(
            "/api/v1/transactions/credit", new { accountId = account, asset, amount = "1", price }, user, null)).ShouldBeProblemAsync(400, "validation_failed");

        problem.FieldErrors("price").ShouldNotBeEmpty();
        (await client.BalancesAsync(user, account)).Where(b => b!.Str("amount") != "0.00").ShouldBeEmpty();
    }

    /// <summary>
    /// A user with two accounts: spot gets 20,000 USD, buys 0.1 BTC at 90,000 + 10 fee, sells 0.03 at 100,000 − 5 fee and
    /// moves 0.01 BTC to savings; savings gets 4,000 USD, buys 0.05 BTC at 80,000 and is credited 2 ETH at 3,000.
    /// </summary>
    private async Task<(TestUser User, Guid Spot, Guid Savings)> TradedPortfolioAsync()
    {
        var user = await client.RegisterAndLoginAsync("portfolio");
        var spot = await client.OpenAccountAsync(user, LedgerClient.AccountName("spot"));
        var savings = await client.OpenAccountAsync(user, LedgerClient.AccountName("savings"));
        await client.CreditAsync(user, spot, "20000.00");
        await client.CreditAsync(user, savings, "4000.00");
        await (await client.TradeRequestAsync(user, spot, "buy", "0.1", "BTC", "USD", "90000", "10")).ShouldBeAsync(201);
        await (await client.TradeRequestAsync(user, savings, "buy", "0.05", "BTC", "USD", "80000")).ShouldBeAsync(201);
        await (await client.TradeRequestAsync(user, spot, "sell", "0.03", "BTC", "USD", "100000", "5")).ShouldBeAsync(201);
        await (await client.PostKeyedAsync(
            "/api/v1/transactions/credit", new { accountId = savings, asset = "ETH", amount = "2", price = "3000" }, user, null)).ShouldBeAsync(201);
        await client.TransferAsync(user, spot, savings, "0.01", "BTC");
        return (user, spot, savings);
    }

    private static JsonNode HoldingOf(JsonNode portfolio, string asset) =>
        portfolio["holdings"]!.AsArray().Single(h => h!.Str("asset") == asset)!;

    /// <summary>value = quantity × price rounded to the quote's 2 decimals (midpoint away from zero); P&amp;L = value − cost.</summary>
    private static void ShouldBeValuedAtItsPrice(JsonNode holding, decimal quantity)
    {
        var value = Math.Round(quantity * Dec(holding.Str("price")), 2, MidpointRounding.AwayFromZero);
        holding.Str("value").ShouldBe(Money(value));
        if (holding["costBasis"] is not null)
        {
            holding.Str("unrealizedPnl").ShouldBe(Money(value - Dec(holding.Str("costBasis"))));
        }
    }

    private static decimal Dec(string text) => decimal.Parse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
}

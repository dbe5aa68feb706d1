using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class TradeTests(ApiFactory factory)
{
    private static readonly string[] TradeMembers = ["side", "asset", "quantity", "quoteAsset", "price", "quoteAmount", "fee", "total"];

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Buy_WithPriceAndFee_BooksBothLegsInOneTransaction()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");

        var response = await client.TradeRequestAsync(user, account, "buy", "0.0005", "BTC", "USD", "64250.33", "0.25");

        // 0.0005 BTC × 64250.33 = 32.125165 USD → 32.13 (2 decimals); a buy adds the fee: 32.13 + 0.25 = 32.38 paid.
        // USD: 100.00 − 32.38 = 67.62; BTC: 0.00050000.
        var trade = await response.ShouldBeAsync(201);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/transactions/{trade.Id()}");
        trade.AsObject().Select(m => m.Key).ShouldBe(LedgerClient.TransactionMembers, ignoreOrder: true);
        trade.Str("type").ShouldBe("trade");
        trade.Str("status").ShouldBe("completed");
        trade.Postings().Count.ShouldBe(4);
        trade.PostingOn(account, "BTC").Str("amount").ShouldBe("0.00050000");
        trade.PostingOn(account, "BTC").Str("balanceAfter").ShouldBe("0.00050000");
        trade.PostingOn(account, "USD").Str("amount").ShouldBe("-32.38");
        trade.PostingOn(account, "USD").Str("balanceAfter").ShouldBe("67.62");
        var world = trade.PostingsNotOn(account);
        world.Single(p => p.Str("asset") == "BTC").Str("amount").ShouldBe("-0.00050000");
        world.Single(p => p.Str("asset") == "USD").Str("amount").ShouldBe("32.38");
        world.ShouldAllBe(p => p["balanceAfter"] == null);

        var details = trade["trade"]!;
        details.AsObject().Select(m => m.Key).ShouldBe(TradeMembers, ignoreOrder: true);
        details.Str("side").ShouldBe("buy");
        details.Str("asset").ShouldBe("BTC");
        details.Str("quantity").ShouldBe("0.00050000");
        details.Str("quoteAsset").ShouldBe("USD");
        details.Str("price").ShouldBe("64250.33");
        details.Str("quoteAmount").ShouldBe("32.13");
        details.Str("fee").ShouldBe("0.25");
        details.Str("total").ShouldBe("32.38");

        (await client.AmountOfAsync(user, account, "USD")).ShouldBe("67.62");
        (await client.AmountOfAsync(user, account, "BTC")).ShouldBe("0.00050000");
        (await client.GetTransactionAsync(user, trade.Id())).ToJsonString().ShouldBe(trade.ToJsonString());
    }

    [Fact]
    public async Task Sell_WithPriceAndFee_RoundsTheQuoteLegHalfAwayFromZero_AndDeductsTheFee()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "0.01", "BTC");

        var trade = await (await client.TradeRequestAsync(user, account, "sell", "0.01", "BTC", "USD", "1234.5", "0.05")).ShouldBeAsync(201);

        // 0.01 BTC × 1234.5 = 12.345 USD: a midpoint, rounded away from zero → 12.35 (banker's rounding would say 12.34);
        // a sale deducts the fee: 12.35 − 0.05 = 12.30 received.
        trade.Postings().Count.ShouldBe(4);
        trade.PostingOn(account, "BTC").Str("amount").ShouldBe("-0.01000000");
        trade.PostingOn(account, "BTC").Str("balanceAfter").ShouldBe("0.00000000");
        trade.PostingOn(account, "USD").Str("amount").ShouldBe("12.30");
        trade.PostingOn(account, "USD").Str("balanceAfter").ShouldBe("12.30");
        var world = trade.PostingsNotOn(account);
        world.Single(p => p.Str("asset") == "BTC").Str("amount").ShouldBe("0.01000000");
        world.Single(p => p.Str("asset") == "USD").Str("amount").ShouldBe("-12.30");
        var details = trade["trade"]!;
        details.Str("side").ShouldBe("sell");
        details.Str("quantity").ShouldBe("0.01000000");
        details.Str("price").ShouldBe("1234.5");
        details.Str("quoteAmount").ShouldBe("12.35");
        details.Str("fee").ShouldBe("0.05");
        details.Str("total").ShouldBe("12.30");
        (await client.AmountOfAsync(user, account, "USD")).ShouldBe("12.30");
        (await client.AmountOfAsync(user, account, "BTC")).ShouldBe("0.00000000");
    }

    [Fact]
    public async Task Buy_AtAMidpoint_RoundsAwayFromZero()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "1.00");

        var trade = await (await client.TradeRequestAsync(user, account, "buy", "0.5", "BTC", "USD", "0.05")).ShouldBeAsync(201);

        // 0.5 × 0.05 = 0.025 USD → 0.03 (midpoint away from zero); no fee: 0.03 paid, 0.97 left.
        trade["trade"]!.Str("quoteAmount").ShouldBe("0.03");
        trade["trade"]!.Str("fee").ShouldBe("0.00");
        trade["trade"]!.Str("total").ShouldBe("0.03");
        trade.PostingOn(account, "USD").Str("amount").ShouldBe("-0.03");
        (await client.AmountOfAsync(user, account, "USD")).ShouldBe("0.97");
        (await client.AmountOfAsync(user, account, "BTC")).ShouldBe("0.50000000");
    }

    [Fact]
    public async Task Buy_AgainstANonFiatQuote_UsesTheQuoteAssetsDecimals()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "1000", "USDT");

        var trade = await (await client.TradeRequestAsync(user, account, "buy", "2.5", "SOL", "USDT", "145.1234567")).ShouldBeAsync(201);

        // 2.5 SOL × 145.1234567 = 362.80864175 USDT → 362.808642 (USDT has 6 decimals); 1000 − 362.808642 = 637.191358.
        var details = trade["trade"]!;
        details.Str("quantity").ShouldBe("2.500000000");
        details.Str("price").ShouldBe("145.1234567");
        details.Str("quoteAmount").ShouldBe("362.808642");
        details.Str("fee").ShouldBe("0.000000");
        details.Str("total").ShouldBe("362.808642");
        trade.PostingOn(account, "SOL").Str("amount").ShouldBe("2.500000000");
        trade.PostingOn(account, "USDT").Str("amount").ShouldBe("-362.808642");
        trade.PostingOn(account, "USDT").Str("balanceAfter").ShouldBe("637.191358");
        (await client.AmountOfAsync(user, account, "SOL")).ShouldBe("2.500000000");
    }

    [Fact]
    public async Task Trade_WhoseQuoteAmountIsTooLargeForTheQuoteAsset_IsRefused_NotA500()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);

        // 1,000,000 BTC × 10^24 USD = 10^30 USD: more than any USD amount may be (10^26).
        var response = await client.TradeRequestAsync(user, account, "buy", "1000000", "BTC", "USD", "1000000000000000000000000");

        ((int)response.StatusCode).ShouldBeOneOf([400, 422], await response.Content.ReadAsStringAsync());
        (await client.AmountOfAsync(user, account)).ShouldBe("0.00");
    }

    [Fact]
    public async Task Trade_WithoutAPrice_TradesAtTheMarketPrice_AndRecordsIt()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "1000.00");
        var market = await (await client.GetAsync("/api/v1/prices/bitcoin?vs=usd", user.AccessToken)).ShouldBeAsync(200);
        var price = decimal.Parse(market.Str("price"), System.Globalization.CultureInfo.InvariantCulture);

        var trade = await (await client.TradeRequestAsync(user, account, "buy", "0.001", "BTC", "USD", price: null)).ShouldBeAsync(201);

        // The cached market price (fresh for a minute) is the one traded at and recorded on the transaction.
        trade["trade"]!.Str("price").ShouldBe(market.Str("price"));
        trade["trade"]!.Str("quoteAmount").ShouldBe(Math.Round(0.001m * price, 2, MidpointRounding.AwayFromZero).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Trade_WithoutAPrice_OfAnAssetNoProviderPrices_Returns422PriceRequired_AndChangesNothing()
    {
        var admin = await client.LoginAdminAsync();
        var code = $"NP{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        await (await client.PostJsonAsync("/api/v1/assets", new { code, name = "No Price", kind = "crypto", decimals = 2, priceId = $"no-price-{code.ToLowerInvariant()}" }, admin.AccessToken)).ShouldBeAsync(201);
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");

        await (await client.TradeRequestAsync(user, account, "buy", "1", code, "USD", price: null)).ShouldBeProblemAsync(422, "price_required");

        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
    }

    [Fact]
    public async Task Trade_OfAnAssetAgainstItself_Returns422AssetMismatch()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "1", "BTC");

        await (await client.TradeRequestAsync(user, account, "sell", "0.1", "BTC", "BTC", "1")).ShouldBeProblemAsync(422, "asset_mismatch");
        await (await client.TradeRequestAsync(user, account, "buy", "0.1", "BTC", "btc", "1")).ShouldBeProblemAsync(422, "asset_mismatch");

        (await client.AmountOfAsync(user, account, "BTC")).ShouldBe("1.00000000");
    }

    [Fact]
    public async Task Sell_MoreThanHeld_Or_BuyWithoutEnoughQuote_Returns422InsufficientFunds_AndChangesNothing()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "0.001", "BTC");
        await client.CreditAsync(user, account, "10.00");

        await (await client.TradeRequestAsync(user, account, "sell", "0.00100001", "BTC", "USD", "60000")).ShouldBeProblemAsync(422, "insufficient_funds");
        await (await client.TradeRequestAsync(user, account, "sell", "1", "ETH", "USD", "3000")).ShouldBeProblemAsync(422, "insufficient_funds");
        // 0.0002 × 50000 = 10.00, + fee 0.01 = 10.01 > 10.00.
        await (await client.TradeRequestAsync(user, account, "buy", "0.0002", "BTC", "USD", "50000", "0.01")).ShouldBeProblemAsync(422, "insufficient_funds");

        (await client.AmountOfAsync(user, account, "BTC")).ShouldBe("0.00100000");
        (await client.AmountOfAsync(user, account, "USD")).ShouldBe("10.00");
        (await client.BalanceOfAsync(user, account, "ETH")).ShouldBeNull();
    }

    [Fact]
    public async Task Sell_WithAFeeAboveTheProceeds_Returns422_AndATradeRoundingToZero422()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "0.01", "BTC");
        await client.CreditAsync(user, account, "1.00");

        // 0.01 × 100 = 1.00 USD of proceeds, less than the 2.00 fee.
        await (await client.TradeRequestAsync(user, account, "sell", "0.01", "BTC", "USD", "100", "2.00")).ShouldBeProblemAsync(422, "fee_exceeds_proceeds");
        // 0.00000001 × 0.1 = 0.000000001 USD → 0.00.
        await (await client.TradeRequestAsync(user, account, "buy", "0.00000001", "BTC", "USD", "0.1")).ShouldBeProblemAsync(422, "trade_too_small");

        (await client.AmountOfAsync(user, account, "BTC")).ShouldBe("0.01000000");
        (await client.AmountOfAsync(user, account, "USD")).ShouldBe("1.00");
    }

    [Theory]
    [InlineData("hold")]
    [InlineData("BUY")]
    [InlineData("")]
    public async Task Trade_WithASideOtherThanBuyOrSell_Returns400OnSide(string side)
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");

        await (await client.TradeRequestAsync(user, account, side, "0.001", "BTC", "USD", "100")).ShouldBeValidationProblemAsync("side");

        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
    }

    [Theory]
    [InlineData("quantity", "0.000000001", "100", null)]
    [InlineData("quantity", "0", "100", null)]
    [InlineData("quantity", "-1", "100", null)]
    [InlineData("quantity", "1e-3", "100", null)]
    [InlineData("price", "0.001", "0", null)]
    [InlineData("price", "0.001", "-100", null)]
    [InlineData("price", "0.001", "1e5", null)]
    [InlineData("price", "0.001", "NaN", null)]
    [InlineData("price", "0.001", "", null)]
    [InlineData("fee", "0.001", "100", "0.001")]
    [InlineData("fee", "0.001", "100", "-1")]
    [InlineData("fee", "0.001", "100", "abc")]
    public async Task Trade_WithAMalformedQuantityPriceOrFee_Returns400NamingIt(string field, string quantity, string price, string? fee)
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");

        await (await client.TradeRequestAsync(user, account, "buy", quantity, "BTC", "USD", price, fee)).ShouldBeValidationProblemAsync(field);

        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
    }

    [Fact]
    public async Task Trade_InAnUnknownAsset_Returns400()
    {
        var user = await client.RegisterAndLoginAsync("trade");
        var account = await client.OpenAccountAsync(user);

        await (await client.TradeRequestAsync(user, account, "buy", "1", "NOPE99", "USD", "1")).ShouldBeValidationProblemAsync("asset");
        await (await client.TradeRequestAsync(user, account, "buy", "1", "BTC", "NOPE99", "1")).ShouldBeValidationProblemAsync("quoteAsset");
    }

    [Fact]
    public async Task Trade_OnAnotherUsersAccount_Returns404_AndByAnAdmin403()
    {
        var owner = await client.RegisterAndLoginAsync("trade");
        var stranger = await client.RegisterAndLoginAsync("trade");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(owner);
        await client.CreditAsync(owner, account, "100.00");

        await (await client.TradeRequestAsync(stranger, account, "buy", "0.001", "BTC", "USD", "100")).ShouldBeProblemAsync(404, "not_found");
        await (await client.TradeRequestAsync(admin, account, "buy", "0.001", "BTC", "USD", "100")).ShouldBeProblemAsync(403, "forbidden");

        (await client.AmountOfAsync(owner, account)).ShouldBe("100.00");
    }
}

using System.Globalization;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class CreditDebitTests(ApiFactory factory)
{
    private static readonly string[] PostingMembers = ["accountId", "asset", "amount", "balanceAfter"];

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Credit_Returns201WithLocation_AndATransactionWithEveryDocumentedField()
    {
        var user = await client.RegisterAndLoginAsync("credit");
        var account = await client.OpenAccountAsync(user);

        var response = await client.CreditRequestAsync(user, account, "100", description: "Salary");

        var transaction = await response.ShouldBeAsync(201);
        transaction.AsObject().Select(m => m.Key).ShouldBe(LedgerClient.TransactionMembers, ignoreOrder: true);
        var id = transaction.Id();
        id.Version.ShouldBe(7);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/transactions/{id}");
        transaction.Str("type").ShouldBe("credit");
        transaction.Str("status").ShouldBe("completed");
        transaction.Str("description").ShouldBe("Salary");
        transaction.Str("createdBy").ShouldBe(user.Id.ToString());
        transaction.Str("createdAt").ShouldEndWith("Z");
        transaction["reversalOf"].ShouldBeNull();
        transaction["reversedBy"].ShouldBeNull();
        transaction["trade"].ShouldBeNull();

        var postings = transaction.Postings();
        postings.Count.ShouldBe(2);
        foreach (var posting in postings)
        {
            posting!.AsObject().Select(m => m.Key).ShouldBe(PostingMembers, ignoreOrder: true);
            posting.Str("asset").ShouldBe("USD");
        }

        var own = transaction.PostingOn(account);
        own.Str("amount").ShouldBe("100.00");
        own.Str("balanceAfter").ShouldBe("100.00");
        var world = transaction.PostingsNotOn(account).Single();
        world.Str("amount").ShouldBe("-100.00");
        world["balanceAfter"].ShouldBeNull();

        (await client.GetTransactionAsync(user, id)).ToJsonString().ShouldBe(transaction.ToJsonString());
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
    }

    [Fact]
    public async Task Credit_WithoutDescription_HasDescriptionNull()
    {
        var user = await client.RegisterAndLoginAsync("credit");
        var account = await client.OpenAccountAsync(user);

        var transaction = await (await client.PostJsonAsync("/api/v1/transactions/credit", new { accountId = account, asset = "USD", amount = "5" }, user.AccessToken))
            .ShouldBeAsync(201);

        transaction.AsObject().ContainsKey("description").ShouldBeTrue();
        transaction["description"].ShouldBeNull();
    }

    [Theory]
    [InlineData("USD", "100", "100.00")]
    [InlineData("USD", "1.000", "1.00")]
    [InlineData("USD", "0.01", "0.01")]
    [InlineData("EUR", "12.5", "12.50")]
    [InlineData("BTC", "0.5", "0.50000000")]
    [InlineData("BTC", "0.00000001", "0.00000001")]
    [InlineData("ETH", "1", "1.000000000000000000")]
    [InlineData("ETH", "0.000000000000000001", "0.000000000000000001")]
    [InlineData("ETH", "1234567890.123456789012345678", "1234567890.123456789012345678")]
    [InlineData("USDT", "12.3", "12.300000")]
    [InlineData("SOL", "2", "2.000000000")]
    public async Task Amounts_AreRenderedWithExactlyTheAssetsDecimals(string asset, string amount, string rendered)
    {
        var user = await client.RegisterAndLoginAsync("credit");
        var account = await client.OpenAccountAsync(user);

        var credit = await client.CreditAsync(user, account, amount, asset);

        credit.PostingOn(account).Str("amount").ShouldBe(rendered);
        credit.PostingOn(account).Str("balanceAfter").ShouldBe(rendered);
        credit.PostingsNotOn(account).Single().Str("amount").ShouldBe("-" + rendered);
        var line = await client.LineOfAsync(user, account, asset);
        line.Str("amount").ShouldBe(rendered);
        line.Str("available").ShouldBe(rendered);
    }

    [Theory]
    [InlineData("USD", "1.001")]
    [InlineData("USD", "0.009")]
    [InlineData("BTC", "0.000000001")]
    [InlineData("ETH", "0.0000000000000000001")]
    [InlineData("USD", "-5")]
    [InlineData("USD", "-0.01")]
    [InlineData("USD", "+5")]
    [InlineData("USD", "0")]
    [InlineData("USD", "0.00")]
    [InlineData("USD", "1e3")]
    [InlineData("USD", "1E3")]
    [InlineData("USD", "NaN")]
    [InlineData("USD", "Infinity")]
    [InlineData("USD", " 1")]
    [InlineData("USD", "1 ")]
    [InlineData("USD", "1,50")]
    [InlineData("USD", "1 000")]
    [InlineData("USD", ".5")]
    [InlineData("USD", "5.")]
    [InlineData("USD", "0x10")]
    [InlineData("USD", "")]
    [InlineData("USD", "abc")]
    [InlineData("USD", "100000000000000000000000000")]
    public async Task Credit_WithAMalformedOrOutOfRangeAmount_Returns400OnAmount_AndMovesNothing(string asset, string amount)
    {
        var user = await client.RegisterAndLoginAsync("credit");
        var account = await client.OpenAccountAsync(user);

        await (await client.CreditRequestAsync(user, account, amount, asset)).ShouldBeValidationProblemAsync("amount");
        await (await client.DebitRequestAsync(user, account, amount, asset)).ShouldBeValidationProblemAsync("amount");

        (await client.BalancesAsync(user, account)).Select(b => b.AssetAmount()).ShouldBe(["USD=0.00"]);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("100.5")]
    [InlineData("true")]
    [InlineData("[\"1\"]")]
    public async Task Credit_WithAnAmountThatIsNotAJsonString_Returns400OnAmount(string amountJson)
    {
        var user = await client.RegisterAndLoginAsync("credit");
        var account = await client.OpenAccountAsync(user);
        var body = $$"""{"accountId":"{{account}}","asset":"USD","amount":{{amountJson}}}""";

        await (await client.PostRawAsync("/api/v1/transactions/credit", body, "application/json", user.AccessToken)).ShouldBeValidationProblemAsync("amount");

        (await client.AmountOfAsync(user, account)).ShouldBe("0.00");
    }

    [Fact]
    public async Task Credit_WithMissingFields_Returns400NamingEachOfThem()
    {
        var user = await client.RegisterAndLoginAsync("credit");

        await (await client.PostRawAsync("/api/v1/transactions/credit", "{}", "application/json", user.AccessToken))
            .ShouldBeValidationProblemAsync("accountId", "asset", "amount");
    }

    [Theory]
    [InlineData("XYZ123")]
    [InlineData("usd$")]
    [InlineData("")]
    public async Task CreditOrDebit_InAnUnknownAsset_Returns400OnAsset(string asset)
    {
        var user = await client.RegisterAndLoginAsync("credit");
        var account = await client.OpenAccountAsync(user);

        await (await client.CreditRequestAsync(user, account, "10", asset)).ShouldBeValidationProblemAsync("asset");
        await (await client.DebitRequestAsync(user, account, "10", asset)).ShouldBeValidationProblemAsync("asset");
    }

    [Fact]
    public async Task Credit_WithATooLongDescription_Returns400()
    {
        var user = await client.RegisterAndLoginAsync("credit");
        var account = await client.OpenAccountAsync(user);

        await (await client.CreditRequestAsync(user, account, "10", description: new string('d', 501))).ShouldBeValidationProblemAsync("description");
        (await client.CreditAsync(user, account, "10")).Str("status").ShouldBe("completed");
    }

    [Fact]
    public async Task Debit_WithinTheBalance_Returns201_WithANegativePostingAndTheBalanceAfter()
    {
        var user = await client.RegisterAndLoginAsync("debit");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");

        var response = await client.DebitRequestAsync(user, account, "30.5", description: "Rent");

        var debit = await response.ShouldBeAsync(201);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/transactions/{debit.Id()}");
        debit.Str("type").ShouldBe("debit");
        debit.Str("status").ShouldBe("completed");
        debit.Str("description").ShouldBe("Rent");
        debit.PostingOn(account).Str("amount").ShouldBe("-30.50");
        debit.PostingOn(account).Str("balanceAfter").ShouldBe("69.50");
        var world = debit.PostingsNotOn(account).Single();
        world.Str("amount").ShouldBe("30.50");
        world["balanceAfter"].ShouldBeNull();
        (await client.AmountOfAsync(user, account)).ShouldBe("69.50");
    }

    [Fact]
    public async Task Debit_OfTheWholeBalance_LeavesZero()
    {
        var user = await client.RegisterAndLoginAsync("debit");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "0.12345678", "BTC");

        var debit = await client.DebitAsync(user, account, "0.12345678", "BTC");

        debit.PostingOn(account).Str("balanceAfter").ShouldBe("0.00000000");
        (await client.AmountOfAsync(user, account, "BTC")).ShouldBe("0.00000000");
    }

    [Fact]
    public async Task Debit_BeyondTheBalance_Returns422InsufficientFunds_AndLeavesTheBalance()
    {
        var user = await client.RegisterAndLoginAsync("debit");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");

        await (await client.DebitRequestAsync(user, account, "100.01")).ShouldBeProblemAsync(422, "insufficient_funds");
        await (await client.DebitRequestAsync(user, account, "5", "EUR")).ShouldBeProblemAsync(422, "insufficient_funds");

        var line = await client.LineOfAsync(user, account, "USD");
        line.Str("amount").ShouldBe("100.00");
        line.Str("available").ShouldBe("100.00");
        var list = await (await client.GetAsync($"/api/v1/transactions?accountId={account}", user.AccessToken)).ShouldBeAsync(200);
        list["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task CreditOrDebit_OnAnotherUsersAccount_Returns404_AndOnAnUnknownAccount404()
    {
        var owner = await client.RegisterAndLoginAsync("credit");
        var stranger = await client.RegisterAndLoginAsync("credit");
        var account = await client.OpenAccountAsync(owner);
        await client.CreditAsync(owner, account, "10.00");

        await (await client.CreditRequestAsync(stranger, account, "1.00")).ShouldBeProblemAsync(404, "not_found");
        await (await client.DebitRequestAsync(stranger, account, "1.00")).ShouldBeProblemAsync(404, "not_found");
        await (await client.CreditRequestAsync(owner, Guid.CreateVersion7(), "1.00")).ShouldBeProblemAsync(404, "not_found");

        (await client.AmountOfAsync(owner, account)).ShouldBe("10.00");
    }

    [Fact]
    public async Task CreditOrDebit_ByAnAdminOnAUsersAccount_Returns403_AndMovesNothing()
    {
        var owner = await client.RegisterAndLoginAsync("credit");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(owner);
        await client.CreditAsync(owner, account, "10.00");

        await (await client.CreditRequestAsync(admin, account, "1.00")).ShouldBeProblemAsync(403, "forbidden");
        await (await client.DebitRequestAsync(admin, account, "1.00")).ShouldBeProblemAsync(403, "forbidden");

        (await client.AmountOfAsync(owner, account)).ShouldBe("10.00");
    }

    [Fact]
    public async Task CreditOrDebit_WithoutAToken_Returns401()
    {
        var body = new { accountId = Guid.CreateVersion7(), asset = "USD", amount = "1.00" };

        await (await client.PostJsonAsync("/api/v1/transactions/credit", body)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.PostJsonAsync("/api/v1/transactions/debit", body)).ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task Accounts_HoldAnyNumberOfAssets_AndPostingsOfEveryAssetBalanceToZero()
    {
        var admin = await client.LoginAdminAsync();
        var user = await client.RegisterAndLoginAsync("credit");
        var account = await client.OpenAccountAsync(user);

        var usd = await client.CreditAsync(user, account, "10.00");
        var btc = await client.CreditAsync(user, account, "0.25", "BTC");
        var eth = await client.CreditAsync(user, account, "1.5", "ETH");

        foreach (var transaction in new[] { usd, btc, eth })
        {
            var full = await client.GetTransactionAsync(admin, transaction.Id());
            full.Postings().Sum(p => decimal.Parse(p!.Str("amount"), CultureInfo.InvariantCulture)).ShouldBe(0m);
            full.Postings().ShouldAllBe(p => p!["balanceAfter"] != null);
        }

        (await client.BalancesAsync(user, account)).Select(b => b.AssetAmount())
            .ShouldBe(["BTC=0.25000000", "ETH=1.500000000000000000", "USD=10.00"], ignoreOrder: true);
    }
}

using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class TransferTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Transfer_BetweenOwnAccounts_MovesTheMoney()
    {
        var user = await client.RegisterAndLoginAsync("transfer");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "100.00");

        var response = await client.PostJsonAsync(
            "/api/v1/transactions/transfer", new { fromAccountId = from, toAccountId = to, asset = "USD", amount = "30", description = "Pocket money" }, user.AccessToken);

        var transfer = await response.ShouldBeAsync(201);
        transfer.AsObject().Select(m => m.Key).ShouldBe(LedgerClient.TransactionMembers, ignoreOrder: true);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/transactions/{transfer.Id()}");
        transfer.Str("type").ShouldBe("transfer");
        transfer.Str("status").ShouldBe("completed");
        transfer.Str("description").ShouldBe("Pocket money");
        transfer["trade"].ShouldBeNull();
        transfer.Postings().Count.ShouldBe(2);
        transfer.PostingOn(from).Str("amount").ShouldBe("-30.00");
        transfer.PostingOn(from).Str("balanceAfter").ShouldBe("70.00");
        transfer.PostingOn(to).Str("amount").ShouldBe("30.00");
        transfer.PostingOn(to).Str("balanceAfter").ShouldBe("30.00");
        (await client.AmountOfAsync(user, from)).ShouldBe("70.00");
        (await client.AmountOfAsync(user, to)).ShouldBe("30.00");
    }

    [Fact]
    public async Task Transfer_OfACryptoAsset_ToAnAccountThatNeverHeldIt_Works()
    {
        var user = await client.RegisterAndLoginAsync("transfer");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user, baseCurrency: "EUR");
        await client.CreditAsync(user, from, "1", "BTC");

        var transfer = await client.TransferAsync(user, from, to, "0.1", "BTC");

        transfer.PostingOn(to).Str("amount").ShouldBe("0.10000000");
        (await client.AmountOfAsync(user, from, "BTC")).ShouldBe("0.90000000");
        (await client.BalancesAsync(user, to)).Select(b => b.AssetAmount()).ShouldBe(["BTC=0.10000000", "EUR=0.00"], ignoreOrder: true);
    }

    [Fact]
    public async Task Transfer_ToAnotherUsersAccount_ShowsEachSideOnlyItsOwnBalanceAfter()
    {
        var sender = await client.RegisterAndLoginAsync("sender");
        var recipient = await client.RegisterAndLoginAsync("recipient");
        var admin = await client.LoginAdminAsync();
        var from = await client.OpenAccountAsync(sender);
        var to = await client.OpenAccountAsync(recipient);
        await client.CreditAsync(sender, from, "100.00");
        await client.CreditAsync(recipient, to, "5.00");

        var transfer = await client.TransferAsync(sender, from, to, "30.00");

        transfer.PostingOn(from).Str("balanceAfter").ShouldBe("70.00");
        transfer.PostingOn(to).Str("amount").ShouldBe("30.00");
        transfer.PostingOn(to)["balanceAfter"].ShouldBeNull();

        var seenByRecipient = await client.GetTransactionAsync(recipient, transfer.Id());
        seenByRecipient.PostingOn(to).Str("balanceAfter").ShouldBe("35.00");
        seenByRecipient.PostingOn(from)["balanceAfter"].ShouldBeNull();
        seenByRecipient.PostingOn(from).Str("amount").ShouldBe("-30.00");

        var seenBySender = await client.GetTransactionAsync(sender, transfer.Id());
        seenBySender.ToJsonString().ShouldBe(transfer.ToJsonString());

        var seenByAdmin = await client.GetTransactionAsync(admin, transfer.Id());
        seenByAdmin.PostingOn(from).Str("balanceAfter").ShouldBe("70.00");
        seenByAdmin.PostingOn(to).Str("balanceAfter").ShouldBe("35.00");

        (await client.AmountOfAsync(sender, from)).ShouldBe("70.00");
        (await client.AmountOfAsync(recipient, to)).ShouldBe("35.00");

        var recipientsList = await (await client.GetAsync("/api/v1/transactions", recipient.AccessToken)).ShouldBeAsync(200);
        var listed = recipientsList["items"]!.AsArray().Single(t => t!.Id() == transfer.Id())!;
        listed.PostingOn(from)["balanceAfter"].ShouldBeNull();
        listed.PostingOn(to).Str("balanceAfter").ShouldBe("35.00");
    }

    [Fact]
    public async Task Transfer_ToTheSameAccount_Returns422SameAccount()
    {
        var user = await client.RegisterAndLoginAsync("transfer");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "10.00");

        await (await client.TransferRequestAsync(user, account, account, "1.00")).ShouldBeProblemAsync(422, "same_account");

        (await client.AmountOfAsync(user, account)).ShouldBe("10.00");
    }

    [Fact]
    public async Task Transfer_ToAnUnknownAccount_Returns404_AndMovesNothing()
    {
        var user = await client.RegisterAndLoginAsync("transfer");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "10.00");

        await (await client.TransferRequestAsync(user, account, Guid.CreateVersion7(), "1.00")).ShouldBeProblemAsync(404, "not_found");

        (await client.AmountOfAsync(user, account)).ShouldBe("10.00");
    }

    [Fact]
    public async Task Transfer_FromAnotherUsersAccount_Returns404_AndTheVictimKeepsTheMoney()
    {
        var victim = await client.RegisterAndLoginAsync("victim");
        var thief = await client.RegisterAndLoginAsync("thief");
        var victims = await client.OpenAccountAsync(victim);
        var thiefs = await client.OpenAccountAsync(thief);
        await client.CreditAsync(victim, victims, "10.00");

        await (await client.TransferRequestAsync(thief, victims, thiefs, "10.00")).ShouldBeProblemAsync(404, "not_found");
        await (await client.TransferRequestAsync(thief, victims, thiefs, "10.00", pending: true)).ShouldBeProblemAsync(404, "not_found");

        var line = await client.LineOfAsync(victim, victims, "USD");
        line.Str("amount").ShouldBe("10.00");
        line.Str("available").ShouldBe("10.00");
        (await client.AmountOfAsync(thief, thiefs)).ShouldBe("0.00");
    }

    [Fact]
    public async Task Transfer_ByAnAdminFromAUsersAccount_Returns403()
    {
        var owner = await client.RegisterAndLoginAsync("transfer");
        var admin = await client.LoginAdminAsync();
        var from = await client.OpenAccountAsync(owner);
        var to = await client.OpenAccountAsync(owner);
        await client.CreditAsync(owner, from, "10.00");

        await (await client.TransferRequestAsync(admin, from, to, "1.00")).ShouldBeProblemAsync(403, "forbidden");

        (await client.AmountOfAsync(owner, from)).ShouldBe("10.00");
    }

    [Fact]
    public async Task Transfer_BeyondTheBalance_Returns422InsufficientFunds_AndMovesNothing()
    {
        var user = await client.RegisterAndLoginAsync("transfer");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "10.00");

        await (await client.TransferRequestAsync(user, from, to, "10.01")).ShouldBeProblemAsync(422, "insufficient_funds");
        await (await client.TransferRequestAsync(user, from, to, "1", "BTC")).ShouldBeProblemAsync(422, "insufficient_funds");

        (await client.AmountOfAsync(user, from)).ShouldBe("10.00");
        (await client.AmountOfAsync(user, to)).ShouldBe("0.00");
        (await client.BalanceOfAsync(user, to, "BTC")).ShouldBeNull();
    }

    [Theory]
    [InlineData("fromAccountId", """{"toAccountId":"0197a000-0000-7000-8000-000000000001","asset":"USD","amount":"1"}""")]
    [InlineData("toAccountId", """{"fromAccountId":"0197a000-0000-7000-8000-000000000001","asset":"USD","amount":"1"}""")]
    [InlineData("toAccountId", """{"fromAccountId":"0197a000-0000-7000-8000-000000000001","toAccountId":"not-a-guid","asset":"USD","amount":"1"}""")]
    [InlineData("amount", """{"fromAccountId":"0197a000-0000-7000-8000-000000000001","toAccountId":"0197a000-0000-7000-8000-000000000002","asset":"USD","amount":"1.001"}""")]
    [InlineData("asset", """{"fromAccountId":"0197a000-0000-7000-8000-000000000001","toAccountId":"0197a000-0000-7000-8000-000000000002","asset":"NOPE99","amount":"1"}""")]
    [InlineData("pending", """{"fromAccountId":"0197a000-0000-7000-8000-000000000001","toAccountId":"0197a000-0000-7000-8000-000000000002","asset":"USD","amount":"1","pending":"yes"}""")]
    public async Task Transfer_WithAnInvalidField_Returns400NamingIt(string field, string body)
    {
        var user = await client.RegisterAndLoginAsync("transfer");

        await (await client.PostRawAsync("/api/v1/transactions/transfer", body, "application/json", user.AccessToken)).ShouldBeValidationProblemAsync(field);
    }
}

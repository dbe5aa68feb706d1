using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class AccountTests(ApiFactory factory)
{
    private static readonly string[] AccountMembers = ["id", "name", "baseCurrency", "status", "createdAt", "updatedAt"];

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Create_Returns201WithLocationAndETag_AndTheAccountInUsdByDefault()
    {
        var user = await client.RegisterAndLoginAsync("accounts");

        var response = await client.PostJsonAsync("/api/v1/accounts", new { name = "Main" }, user.AccessToken);

        var account = await response.ShouldBeAsync(201);
        account.AsObject().Select(m => m.Key).ShouldBe(AccountMembers, ignoreOrder: true);
        var id = account.Id();
        id.Version.ShouldBe(7);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/accounts/{id}");
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
        account.Str("name").ShouldBe("Main");
        account.Str("baseCurrency").ShouldBe("USD");
        account.Str("status").ShouldBe("open");
        account.Str("createdAt").ShouldEndWith("Z");
        account.Str("updatedAt").ShouldBe(account.Str("createdAt"));
        account.Time("createdAt").ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));

        var read = await client.GetAsync($"/api/v1/accounts/{id}", user.AccessToken);
        (await read.ShouldBeAsync(200)).ToJsonString().ShouldBe(account.ToJsonString());
        read.Headers.ETag!.Tag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task Create_WithABaseCurrency_KeepsIt_AndTrimsTheName()
    {
        var user = await client.RegisterAndLoginAsync("accounts");

        var eur = await (await client.PostJsonAsync("/api/v1/accounts", new { name = "Euro", baseCurrency = "EUR" }, user.AccessToken)).ShouldBeAsync(201);
        var btc = await (await client.PostJsonAsync("/api/v1/accounts", new { name = "Stack", baseCurrency = "BTC" }, user.AccessToken)).ShouldBeAsync(201);

        var padded = await (await client.PostJsonAsync("/api/v1/accounts", new { name = "  Padded  " }, user.AccessToken)).ShouldBeAsync(201);

        padded.Str("name").ShouldBe("Padded");
        eur.Str("baseCurrency").ShouldBe("EUR");
        btc.Str("baseCurrency").ShouldBe("BTC");
    }

    [Fact]
    public async Task Create_WithANameTheUserAlreadyHas_InAnyLetterCase_Returns409_ButAnotherUserMayUseIt()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        var other = await client.RegisterAndLoginAsync("accounts");
        await client.OpenAccountAsync(user, "Savings");

        await (await client.PostJsonAsync("/api/v1/accounts", new { name = "Savings" }, user.AccessToken)).ShouldBeProblemAsync(409, "account_name_taken");
        await (await client.PostJsonAsync("/api/v1/accounts", new { name = "SAVINGS" }, user.AccessToken)).ShouldBeProblemAsync(409, "account_name_taken");
        await (await client.PostJsonAsync("/api/v1/accounts", new { name = "  savings " }, user.AccessToken)).ShouldBeProblemAsync(409, "account_name_taken");
        await (await client.PostJsonAsync("/api/v1/accounts", new { name = "Savings" }, other.AccessToken)).ShouldBeAsync(201);

        var list = await (await client.GetAsync("/api/v1/accounts", user.AccessToken)).ShouldBeAsync(200);
        list["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("name", """{"name":""}""")]
    [InlineData("name", """{"name":"   "}""")]
    [InlineData("name", """{}""")]
    [InlineData("name", """{"name":"tab\tinside"}""")]
    [InlineData("name", """{"name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""")]
    [InlineData("name", """{"name":42}""")]
    [InlineData("baseCurrency", """{"name":"ok","baseCurrency":"XYZ123"}""")]
    [InlineData("baseCurrency", """{"name":"ok","baseCurrency":"U$D"}""")]
    [InlineData("baseCurrency", """{"name":"ok","baseCurrency":""}""")]
    public async Task Create_WithAnInvalidNameOrUnknownBaseCurrency_Returns400(string field, string body)
    {
        var user = await client.RegisterAndLoginAsync("accounts");

        await (await client.PostRawAsync("/api/v1/accounts", body, "application/json", user.AccessToken)).ShouldBeValidationProblemAsync(field);

        var list = await (await client.GetAsync("/api/v1/accounts", user.AccessToken)).ShouldBeAsync(200);
        list["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task List_HoldsTheCallersAccountsOnly_ClosedOnesIncluded()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        var other = await client.RegisterAndLoginAsync("accounts");
        var open = await client.OpenAccountAsync(user, "Open one");
        var closed = await client.OpenAccountAsync(user, "Closed one");
        var foreign = await client.OpenAccountAsync(other, "Theirs");
        await (await client.DeleteAsync($"/api/v1/accounts/{closed}", user.AccessToken)).ShouldBeAsync(204);

        var body = await (await client.GetAsync("/api/v1/accounts", user.AccessToken)).ShouldBeAsync(200);

        body.AsObject().Select(m => m.Key).ShouldBe(["items"]);
        var items = body["items"]!.AsArray().Select(i => i!).ToList();
        items.Select(i => i.Id()).ShouldBe([open, closed], ignoreOrder: true);
        items.ShouldNotContain(i => i.Id() == foreign);
        items.Single(i => i.Id() == open).Str("status").ShouldBe("open");
        items.Single(i => i.Id() == closed).Str("status").ShouldBe("closed");
        foreach (var item in items)
        {
            item.AsObject().Select(m => m.Key).ShouldBe(AccountMembers, ignoreOrder: true);
        }
    }

    [Fact]
    public async Task Get_AnotherUsersAccount_Returns404_AnUnknownOne404_AndAnAdminGets200()
    {
        var owner = await client.RegisterAndLoginAsync("accounts");
        var other = await client.RegisterAndLoginAsync("accounts");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(owner, "Private");

        await (await client.GetAsync($"/api/v1/accounts/{account}", other.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/accounts/{account}/balances", other.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/accounts/{account}/balances/history", other.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/accounts/{Guid.CreateVersion7()}", owner.AccessToken)).ShouldBeProblemAsync(404, "not_found");

        var seen = await (await client.GetAsync($"/api/v1/accounts/{account}", admin.AccessToken)).ShouldBeAsync(200);
        seen.Str("name").ShouldBe("Private");
        await (await client.GetAsync($"/api/v1/accounts/{account}/balances", admin.AccessToken)).ShouldBeAsync(200);
    }

    [Fact]
    public async Task Rename_WithTheCurrentIfMatch_Returns200AndANewETag_AStaleOne412_AndNoIfMatch200()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        var id = await client.OpenAccountAsync(user, "Before");
        var url = $"/api/v1/accounts/{id}";

        var renamed = await client.PatchJsonAsync(url, new { name = "After" }, user.AccessToken, ifMatch: "\"1\"");

        var body = await renamed.ShouldBeAsync(200);
        body.Str("name").ShouldBe("After");
        renamed.Headers.ETag!.Tag.ShouldBe("\"2\"");
        body.Time("updatedAt").ShouldBeGreaterThan(body.Time("createdAt"));

        await (await client.PatchJsonAsync(url, new { name = "Stale" }, user.AccessToken, ifMatch: "\"1\"")).ShouldBeProblemAsync(412, "precondition_failed");
        (await (await client.GetAsync(url, user.AccessToken)).ShouldBeAsync(200)).Str("name").ShouldBe("After");

        var unconditional = await client.PatchJsonAsync(url, new { name = "Again" }, user.AccessToken);
        (await unconditional.ShouldBeAsync(200)).Str("name").ShouldBe("Again");
        unconditional.Headers.ETag!.Tag.ShouldBe("\"3\"");
    }

    [Fact]
    public async Task Rename_WithIfMatchStarOrAWeakTag_IsUnconditionalOr412()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        var id = await client.OpenAccountAsync(user, "Tagged");
        var url = $"/api/v1/accounts/{id}";

        await (await client.PatchJsonAsync(url, new { name = "Weak" }, user.AccessToken, ifMatch: "W/\"1\"")).ShouldBeProblemAsync(412, "precondition_failed");
        var star = await client.PatchJsonAsync(url, new { name = "Star" }, user.AccessToken, ifMatch: "*");

        (await star.ShouldBeAsync(200)).Str("name").ShouldBe("Star");
        star.Headers.ETag!.Tag.ShouldBe("\"2\"");
    }

    [Fact]
    public async Task Rename_WithAnIfMatchListHoldingTheCurrentETag_Returns200()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        var id = await client.OpenAccountAsync(user, "Listed");
        var url = $"/api/v1/accounts/{id}";
        await (await client.PatchJsonAsync(url, new { name = "Second" }, user.AccessToken)).ShouldBeAsync(200);

        var response = await client.PatchJsonAsync(url, new { name = "Third" }, user.AccessToken, ifMatch: "\"1\", \"2\"");

        (await response.ShouldBeAsync(200)).Str("name").ShouldBe("Third");
    }

    [Fact]
    public async Task Rename_ToAnotherOfTheUsersNames_Returns409_AndToAnInvalidName400()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        await client.OpenAccountAsync(user, "Taken");
        var id = await client.OpenAccountAsync(user, "Mine");

        await (await client.PatchJsonAsync($"/api/v1/accounts/{id}", new { name = "TAKEN" }, user.AccessToken)).ShouldBeProblemAsync(409, "account_name_taken");
        await (await client.PatchJsonAsync($"/api/v1/accounts/{id}", new { name = "" }, user.AccessToken)).ShouldBeValidationProblemAsync("name");

        (await (await client.GetAsync($"/api/v1/accounts/{id}", user.AccessToken)).ShouldBeAsync(200)).Str("name").ShouldBe("Mine");
    }

    [Fact]
    public async Task RenameOrClose_AnotherUsersAccount_Returns404_AndByAnAdmin403()
    {
        var owner = await client.RegisterAndLoginAsync("accounts");
        var other = await client.RegisterAndLoginAsync("accounts");
        var admin = await client.LoginAdminAsync();
        var id = await client.OpenAccountAsync(owner, "Owned");
        var url = $"/api/v1/accounts/{id}";

        await (await client.PatchJsonAsync(url, new { name = "Hijacked" }, other.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.DeleteAsync(url, other.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.PatchJsonAsync(url, new { name = "By admin" }, admin.AccessToken)).ShouldBeProblemAsync(403, "forbidden");
        await (await client.DeleteAsync(url, admin.AccessToken)).ShouldBeProblemAsync(403, "forbidden");

        var still = await (await client.GetAsync(url, owner.AccessToken)).ShouldBeAsync(200);
        still.Str("name").ShouldBe("Owned");
        still.Str("status").ShouldBe("open");
    }

    [Fact]
    public async Task Close_WithABalance_Returns422AccountNotEmpty_AndWhenEmpty204_ThenStatusClosed_AndAgain204()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        var id = await client.OpenAccountAsync(user);
        var url = $"/api/v1/accounts/{id}";
        await client.CreditAsync(user, id, "10.00");
        await client.CreditAsync(user, id, "0.00000001", "BTC");

        await (await client.DeleteAsync(url, user.AccessToken)).ShouldBeProblemAsync(422, "account_not_empty");
        (await (await client.GetAsync(url, user.AccessToken)).ShouldBeAsync(200)).Str("status").ShouldBe("open");

        await client.DebitAsync(user, id, "10.00");
        await (await client.DeleteAsync(url, user.AccessToken)).ShouldBeProblemAsync(422, "account_not_empty");
        await client.DebitAsync(user, id, "0.00000001", "BTC");

        var closing = await client.DeleteAsync(url, user.AccessToken);
        await closing.ShouldBeAsync(204);
        (await closing.Content.ReadAsStringAsync()).ShouldBeEmpty();

        var read = await client.GetAsync(url, user.AccessToken);
        (await read.ShouldBeAsync(200)).Str("status").ShouldBe("closed");
        read.Headers.ETag!.Tag.ShouldBe("\"2\"");
        await (await client.DeleteAsync(url, user.AccessToken)).ShouldBeAsync(204);
        (await (await client.GetAsync(url, user.AccessToken)).ShouldBeAsync(200)).Str("status").ShouldBe("closed");
    }

    [Fact]
    public async Task Close_WithAnOutgoingPendingTransfer_Returns422()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        var source = await client.OpenAccountAsync(user);
        var target = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, source, "10.00");
        var pending = await client.TransferAsync(user, source, target, "10.00", pending: true);

        await (await client.DeleteAsync($"/api/v1/accounts/{source}", user.AccessToken)).ShouldBeProblemAsync(422, "account_not_empty");

        await (await client.VoidTransferAsync(user, pending.Id())).ShouldBeAsync(200);
        await client.DebitAsync(user, source, "10.00");
        await (await client.DeleteAsync($"/api/v1/accounts/{source}", user.AccessToken)).ShouldBeAsync(204);
    }

    [Fact]
    public async Task ClosedAccount_RefusesCreditDebitTradeAndTransfersInAndOut_With422AccountClosed()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        var other = await client.RegisterAndLoginAsync("accounts");
        var closed = await client.OpenAccountAsync(user, "Closed");
        var open = await client.OpenAccountAsync(user, "Open");
        var theirs = await client.OpenAccountAsync(other, "Theirs");
        await client.CreditAsync(user, open, "50.00");
        await client.CreditAsync(other, theirs, "50.00");
        await (await client.DeleteAsync($"/api/v1/accounts/{closed}", user.AccessToken)).ShouldBeAsync(204);

        await (await client.CreditRequestAsync(user, closed, "1.00")).ShouldBeProblemAsync(422, "account_closed");
        await (await client.DebitRequestAsync(user, closed, "1.00")).ShouldBeProblemAsync(422, "account_closed");
        await (await client.TransferRequestAsync(user, open, closed, "1.00")).ShouldBeProblemAsync(422, "account_closed");
        await (await client.TransferRequestAsync(user, closed, open, "1.00")).ShouldBeProblemAsync(422, "account_closed");
        await (await client.TransferRequestAsync(other, theirs, closed, "1.00")).ShouldBeProblemAsync(422, "account_closed");
        await (await client.TransferRequestAsync(user, open, closed, "1.00", pending: true)).ShouldBeProblemAsync(422, "account_closed");
        await (await client.TradeRequestAsync(user, closed, "buy", "0.001", "BTC", "USD", "100")).ShouldBeProblemAsync(422, "account_closed");

        (await client.AmountOfAsync(user, open)).ShouldBe("50.00");
        (await client.AmountOfAsync(other, theirs)).ShouldBe("50.00");
        (await client.AmountOfAsync(user, closed)).ShouldBe("0.00");
    }

    [Fact]
    public async Task WorldAccounts_AreNotAddressable_ByUsersOrAdmins()
    {
        var user = await client.RegisterAndLoginAsync("accounts");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "20.00");
        var world = Guid.Parse(credit.PostingsNotOn(account).Single().Str("accountId"));

        await (await client.GetAsync($"/api/v1/accounts/{world}", user.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/accounts/{world}", admin.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/accounts/{world}/balances", admin.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.TransferRequestAsync(user, account, world, "5.00")).ShouldBeProblemAsync(404, "not_found");
        await (await client.DebitRequestAsync(user, world, "5.00")).ShouldBeProblemAsync(404, "not_found");
        await (await client.DeleteAsync($"/api/v1/accounts/{world}", admin.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/transactions?accountId={world}", admin.AccessToken)).ShouldBeProblemAsync(404, "not_found");

        (await client.AmountOfAsync(user, account)).ShouldBe("20.00");
    }
}

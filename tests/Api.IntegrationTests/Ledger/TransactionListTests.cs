using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class TransactionListTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task List_IsNewestFirst_AndHoldsEveryTransactionTouchingTheCallersAccounts_IncomingTransfersIncluded()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var other = await client.RegisterAndLoginAsync("list");
        var stranger = await client.RegisterAndLoginAsync("list");
        var mine = await client.OpenAccountAsync(user);
        var mine2 = await client.OpenAccountAsync(user);
        var theirs = await client.OpenAccountAsync(other);
        var strangers = await client.OpenAccountAsync(stranger);
        var credit = await client.CreditAsync(user, mine, "100.00");
        var debit = await client.DebitAsync(user, mine, "10.00");
        var othersCredit = await client.CreditAsync(other, theirs, "50.00");
        var incoming = await client.TransferAsync(other, theirs, mine, "5.00");
        var internalTransfer = await client.TransferAsync(user, mine, mine2, "1.00");
        await client.CreditAsync(stranger, strangers, "1.00");

        var page = await (await client.GetAsync("/api/v1/transactions", user.AccessToken)).ShouldBeAsync(200);

        page.AsObject().Select(m => m.Key).ShouldBe(["items", "nextCursor"], ignoreOrder: true);
        page["nextCursor"].ShouldBeNull();
        var items = page["items"]!.AsArray().Select(i => i!).ToList();
        items.Select(i => i.Id()).ShouldBe([internalTransfer.Id(), incoming.Id(), debit.Id(), credit.Id()]);
        items.Select(i => i.Str("createdAt")).ShouldBe(items.Select(i => i.Str("createdAt")).OrderDescending(StringComparer.Ordinal));
        foreach (var item in items)
        {
            item.AsObject().Select(m => m.Key).ShouldBe(LedgerClient.TransactionMembers, ignoreOrder: true);
        }

        var othersPage = await (await client.GetAsync("/api/v1/transactions", other.AccessToken)).ShouldBeAsync(200);
        othersPage["items"]!.AsArray().Select(i => i!.Id()).ShouldBe([incoming.Id(), othersCredit.Id()]);
    }

    [Fact]
    public async Task List_ForANewUser_IsEmpty()
    {
        var user = await client.RegisterAndLoginAsync("list");

        var page = await (await client.GetAsync("/api/v1/transactions", user.AccessToken)).ShouldBeAsync(200);

        page["items"]!.AsArray().ShouldBeEmpty();
        page.AsObject().ContainsKey("nextCursor").ShouldBeTrue();
        page["nextCursor"].ShouldBeNull();
    }

    [Fact]
    public async Task List_FiltersByTypeStatusAndTime()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var account = await client.OpenAccountAsync(user);
        var savings = await client.OpenAccountAsync(user);
        var credit1 = await client.CreditAsync(user, account, "100.00");
        var credit2 = await client.CreditAsync(user, account, "50.00");
        var debit = await client.DebitAsync(user, account, "20.00");
        var pending = await client.TransferAsync(user, account, savings, "10.00", pending: true);
        var trade = await (await client.TradeRequestAsync(user, account, "buy", "0.001", "BTC", "USD", "1000")).ShouldBeAsync(201);

        (await IdsAsync(user, "?type=credit")).ShouldBe([credit2.Id(), credit1.Id()]);
        (await IdsAsync(user, "?type=debit")).ShouldBe([debit.Id()]);
        (await IdsAsync(user, "?type=trade")).ShouldBe([trade.Id()]);
        (await IdsAsync(user, "?type=transfer")).ShouldBe([pending.Id()]);
        (await IdsAsync(user, "?status=pending")).ShouldBe([pending.Id()]);
        (await IdsAsync(user, "?status=completed")).ShouldBe([trade.Id(), debit.Id(), credit2.Id(), credit1.Id()]);
        (await IdsAsync(user, "?type=credit&status=pending")).ShouldBeEmpty();
        (await IdsAsync(user, "?status=voided")).ShouldBeEmpty();

        var from = Uri.EscapeDataString(credit2.Str("createdAt"));
        var to = Uri.EscapeDataString(debit.Str("createdAt"));
        (await IdsAsync(user, $"?from={from}&to={to}")).ShouldBe([debit.Id(), credit2.Id()]);
        (await IdsAsync(user, $"?from={from}")).ShouldBe([trade.Id(), pending.Id(), debit.Id(), credit2.Id()]);
        (await IdsAsync(user, $"?to={to}")).ShouldBe([debit.Id(), credit2.Id(), credit1.Id()]);
        (await IdsAsync(user, $"?from={from}&to={to}&type=credit")).ShouldBe([credit2.Id()]);
        (await IdsAsync(user, "?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z")).ShouldBeEmpty();
    }

    [Fact]
    public async Task List_FiltersByOneOfTheCallersAccounts_AnotherUsersAccountIs404_AndAnAdminMayUseAny()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var stranger = await client.RegisterAndLoginAsync("list");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        var savings = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "100.00");
        var transfer = await client.TransferAsync(user, account, savings, "10.00");

        (await IdsAsync(user, $"?accountId={account}")).ShouldBe([transfer.Id(), credit.Id()]);
        (await IdsAsync(user, $"?accountId={savings}")).ShouldBe([transfer.Id()]);
        await (await client.GetAsync($"/api/v1/transactions?accountId={account}", stranger.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/transactions?accountId={Guid.CreateVersion7()}", user.AccessToken)).ShouldBeProblemAsync(404, "not_found");

        var seenByAdmin = await (await client.GetAsync($"/api/v1/transactions?accountId={account}", admin.AccessToken)).ShouldBeAsync(200);
        var items = seenByAdmin["items"]!.AsArray().Select(i => i!).ToList();
        items.Select(i => i.Id()).ShouldBe([transfer.Id(), credit.Id()]);
        items.SelectMany(i => i.Postings()).ShouldAllBe(p => p!["balanceAfter"] != null);
        (await IdsAsync(admin, string.Empty)).ShouldNotContain(credit.Id());
    }

    [Fact]
    public async Task List_WithFromAndToCarryingAnOffset_MeansTheSameInstants()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "1.00");

        var shifted = await IdsAsync(user, $"?from={Uri.EscapeDataString("2020-01-01T02:00:00+02:00")}&to={Uri.EscapeDataString("2999-01-01T02:00:00+02:00")}");

        shifted.ShouldBe([credit.Id()]);
    }

    [Theory]
    [InlineData("type", "?type=refund")]
    [InlineData("status", "?status=done")]
    [InlineData("to", "?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z")]
    [InlineData("from", "?from=soon")]
    [InlineData("accountId", "?accountId=abc")]
    [InlineData("limit", "?limit=0")]
    [InlineData("limit", "?limit=201")]
    [InlineData("limit", "?limit=-1")]
    [InlineData("limit", "?limit=abc")]
    [InlineData("cursor", "?cursor=not-a-cursor")]
    [InlineData("cursor", "?cursor=MXwxfDE")]
    public async Task List_WithABadParameter_Returns400NamingIt(string field, string query)
    {
        var user = await client.RegisterAndLoginAsync("list");

        await (await client.GetAsync($"/api/v1/transactions{query}", user.AccessToken)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task List_WithoutALimit_Returns50ItemsPerPage()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var account = await client.OpenAccountAsync(user);
        var credits = await Task.WhenAll(Enumerable.Range(0, 51).Select(_ => client.CreditAsync(user, account, "1.00")));

        var first = await (await client.GetAsync("/api/v1/transactions", user.AccessToken)).ShouldBeAsync(200);
        var second = await (await client.GetAsync($"/api/v1/transactions?cursor={first.Str("nextCursor")}", user.AccessToken)).ShouldBeAsync(200);

        first["items"]!.AsArray().Count.ShouldBe(50);
        second["items"]!.AsArray().Count.ShouldBe(1);
        second["nextCursor"].ShouldBeNull();
        first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!.Id()).ShouldBe(credits.Select(c => c.Id()), ignoreOrder: true);
        (await client.AmountOfAsync(user, account)).ShouldBe("51.00");
    }

    [Fact]
    public async Task List_LimitsOfOneAnd200_AreAccepted()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "1.00");
        await client.CreditAsync(user, account, "2.00");

        var one = await (await client.GetAsync("/api/v1/transactions?limit=1", user.AccessToken)).ShouldBeAsync(200);
        one["items"]!.AsArray().Count.ShouldBe(1);
        one["nextCursor"].ShouldNotBeNull();
        var all = await (await client.GetAsync("/api/v1/transactions?limit=200", user.AccessToken)).ShouldBeAsync(200);
        all["items"]!.AsArray().Count.ShouldBe(2);
        all["nextCursor"].ShouldBeNull();
    }

    [Fact]
    public async Task List_WithLimit2_WalksEveryPageOnce_AndTheLastPageHasNoCursor()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var account = await client.OpenAccountAsync(user);
        var created = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            created.Add((await client.CreditAsync(user, account, $"{i}.00")).Id());
        }

        var pages = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync("/api/v1/transactions?limit=2" + (cursor is null ? string.Empty : "&cursor=" + cursor), user.AccessToken))
                .ShouldBeAsync(200);
            pages.Add(page);
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && pages.Count < 10);

        pages.Select(p => p["items"]!.AsArray().Count).ShouldBe([2, 2, 1]);
        pages[^1]["nextCursor"].ShouldBeNull();
        var seen = pages.SelectMany(p => p["items"]!.AsArray().Select(i => i!.Id())).ToList();
        seen.ShouldBe(Enumerable.Reverse(created).ToList());
        seen.Distinct().Count().ShouldBe(5);
    }

    [Fact]
    public async Task List_WithAnExactMultipleOfTheLimit_EndsWithANullCursor()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var account = await client.OpenAccountAsync(user);
        for (var i = 0; i < 4; i++)
        {
            await client.CreditAsync(user, account, "1.00");
        }

        var first = await (await client.GetAsync("/api/v1/transactions?limit=2", user.AccessToken)).ShouldBeAsync(200);
        var second = await (await client.GetAsync($"/api/v1/transactions?limit=2&cursor={first.Str("nextCursor")}", user.AccessToken)).ShouldBeAsync(200);

        second["items"]!.AsArray().Count.ShouldBe(2);
        second["nextCursor"].ShouldBeNull();
    }

    [Fact]
    public async Task List_PaginationIsStable_WhenNewTransactionsArriveBetweenPages()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var account = await client.OpenAccountAsync(user);
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await client.CreditAsync(user, account, "1.00")).Id());
        }

        var first = await (await client.GetAsync("/api/v1/transactions?limit=2", user.AccessToken)).ShouldBeAsync(200);
        var newer1 = (await client.CreditAsync(user, account, "2.00")).Id();
        var newer2 = (await client.DebitAsync(user, account, "1.00")).Id();
        var second = await (await client.GetAsync($"/api/v1/transactions?limit=2&cursor={first.Str("nextCursor")}", user.AccessToken)).ShouldBeAsync(200);
        var newer3 = (await client.CreditAsync(user, account, "3.00")).Id();
        var third = await (await client.GetAsync($"/api/v1/transactions?limit=2&cursor={second.Str("nextCursor")}", user.AccessToken)).ShouldBeAsync(200);

        first["items"]!.AsArray().Select(i => i!.Id()).ShouldBe([created[4], created[3]]);
        second["items"]!.AsArray().Select(i => i!.Id()).ShouldBe([created[2], created[1]]);
        third["items"]!.AsArray().Select(i => i!.Id()).ShouldBe([created[0]]);
        third["nextCursor"].ShouldBeNull();

        var fresh = await (await client.GetAsync("/api/v1/transactions?limit=3", user.AccessToken)).ShouldBeAsync(200);
        fresh["items"]!.AsArray().Select(i => i!.Id()).ShouldBe([newer3, newer2, newer1]);
    }

    [Fact]
    public async Task List_Pagination_CombinesWithFilters()
    {
        var user = await client.RegisterAndLoginAsync("list");
        var account = await client.OpenAccountAsync(user);
        var credits = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            credits.Add((await client.CreditAsync(user, account, "5.00")).Id());
            await client.DebitAsync(user, account, "1.00");
        }

        var all = await client.AllPagesAsync($"/api/v1/transactions?type=credit&accountId={account}", user.AccessToken, limit: 1);

        all.Select(i => i.Id()).ShouldBe(Enumerable.Reverse(credits).ToList());
    }

    [Fact]
    public async Task Get_AnotherUsersTransaction_Returns404_AnUnknownOne404_AndAnAdminSeesEveryBalanceAfter()
    {
        var owner = await client.RegisterAndLoginAsync("list");
        var stranger = await client.RegisterAndLoginAsync("list");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(owner);
        var credit = await client.CreditAsync(owner, account, "100.00");

        await (await client.GetAsync($"/api/v1/transactions/{credit.Id()}", stranger.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/transactions/{Guid.CreateVersion7()}", owner.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync("/api/v1/transactions/not-a-guid", owner.AccessToken)).ShouldBeProblemAsync(404, "not_found");

        var seen = await client.GetTransactionAsync(admin, credit.Id());
        seen.Id().ShouldBe(credit.Id());
        seen.PostingOn(account).Str("balanceAfter").ShouldBe("100.00");
        seen.PostingsNotOn(account).Single()["balanceAfter"].ShouldNotBeNull();
        (await client.GetTransactionAsync(owner, credit.Id())).PostingsNotOn(account).Single()["balanceAfter"].ShouldBeNull();
    }

    private async Task<List<Guid>> IdsAsync(TestUser user, string query)
    {
        var page = await (await client.GetAsync($"/api/v1/transactions{query}", user.AccessToken)).ShouldBeAsync(200);
        return [.. page["items"]!.AsArray().Select(i => i!.Id())];
    }
}

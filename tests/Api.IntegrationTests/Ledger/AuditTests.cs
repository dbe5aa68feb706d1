using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class AuditTests(ApiFactory factory)
{
    private static readonly string[] EntryMembers =
        ["id", "occurredAt", "actorId", "action", "entityType", "entityId", "subjectUserId", "outcome", "code", "clientIp", "traceId", "before", "after"];

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Audit_RecordsTheLedgerOperationsOfAUser_NewestFirst_RefusalsIncluded()
    {
        var user = await client.RegisterAndLoginAsync("audited");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "100.00");
        await (await client.DebitRequestAsync(user, account, "500.00")).ShouldBeProblemAsync(422, "insufficient_funds");

        var entries = await client.AllPagesAsync($"/api/v1/audit?userId={user.Id}", admin.AccessToken);

        entries.Select(e => e.Str("occurredAt")).ShouldBe(entries.Select(e => e.Str("occurredAt")).OrderDescending(StringComparer.Ordinal));
        foreach (var entry in entries)
        {
            entry.ShouldHaveMembers(EntryMembers);
        }

        var opened = entries.Single(e => e.Str("action") == "account.opened");
        opened.Str("entityType").ShouldBe("account");
        opened.Str("entityId").ShouldBe(account.ToString());
        opened.Str("actorId").ShouldBe(user.Id.ToString());
        opened.Str("outcome").ShouldBe("succeeded");
        opened["after"]!.Str("id").ShouldBe(account.ToString());

        var credited = entries.Single(e => e.Str("action") == "transaction.credit");
        credited.Str("entityType").ShouldBe("transaction");
        credited.Str("entityId").ShouldBe(credit.Id().ToString());
        credited.Str("outcome").ShouldBe("succeeded");
        credited["code"].ShouldBeNull();
        credited["after"]!.Str("id").ShouldBe(credit.Id().ToString());

        var refused = entries.Single(e => e.Str("outcome") == "refused");
        refused.Str("code").ShouldBe("insufficient_funds");
        refused.Str("action").ShouldContain("debit");
        refused.Str("entityType").ShouldBe("account");
        refused.Str("entityId").ShouldBe(account.ToString());
        refused.Str("actorId").ShouldBe(user.Id.ToString());

        var order = entries.Select(e => e.Str("id")).ToList();
        order.IndexOf(refused.Str("id")).ShouldBeLessThan(order.IndexOf(credited.Str("id")));
        order.IndexOf(credited.Str("id")).ShouldBeLessThan(order.IndexOf(opened.Str("id")));
    }

    [Fact]
    public async Task Audit_FiltersByEntityTypeEntityIdAndAction()
    {
        var user = await client.RegisterAndLoginAsync("audited");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "100.00");
        await client.CreditAsync(user, account, "1.00");
        await (await client.DebitRequestAsync(user, account, "500.00")).ShouldBeProblemAsync(422, "insufficient_funds");

        var byAccount = await client.AllPagesAsync($"/api/v1/audit?entityType=account&entityId={account}", admin.AccessToken);
        byAccount.ShouldAllBe(e => e.Str("entityType") == "account" && e.Str("entityId") == account.ToString());
        byAccount.Select(e => e.Str("action")).ShouldContain("account.opened");
        byAccount.ShouldContain(e => e.Str("outcome") == "refused" && e.Str("code") == "insufficient_funds");

        var byTransaction = await client.AllPagesAsync($"/api/v1/audit?entityType=transaction&entityId={credit.Id()}", admin.AccessToken);
        byTransaction.Count.ShouldBe(1);
        byTransaction[0].Str("action").ShouldBe("transaction.credit");
        byTransaction[0]["after"]!.Str("id").ShouldBe(credit.Id().ToString());

        var byAction = await client.AllPagesAsync($"/api/v1/audit?action=transaction.credit&userId={user.Id}", admin.AccessToken);
        byAction.Count.ShouldBe(2);
        byAction.ShouldAllBe(e => e.Str("action") == "transaction.credit" && e.Str("actorId") == user.Id.ToString());

        var none = await client.AllPagesAsync($"/api/v1/audit?entityType=account&entityId={Guid.CreateVersion7()}", admin.AccessToken);
        none.ShouldBeEmpty();
    }

    [Fact]
    public async Task Audit_KeepsTheStateBeforeAndAfterARenameAndAClose()
    {
        var user = await client.RegisterAndLoginAsync("audited");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user, "Old name");
        await (await client.PatchJsonAsync($"/api/v1/accounts/{account}", new { name = "New name" }, user.AccessToken)).ShouldBeAsync(200);
        await (await client.DeleteAsync($"/api/v1/accounts/{account}", user.AccessToken)).ShouldBeAsync(204);

        var renamed = (await client.AllPagesAsync($"/api/v1/audit?entityId={account}&action=account.renamed", admin.AccessToken)).Single();
        var closed = (await client.AllPagesAsync($"/api/v1/audit?entityId={account}&action=account.closed", admin.AccessToken)).Single();

        renamed["before"]!.Str("name").ShouldBe("Old name");
        renamed["after"]!.Str("name").ShouldBe("New name");
        closed["before"]!.Str("status").ShouldBe("open");
        closed["after"]!.Str("status").ShouldBe("closed");
        closed.Str("actorId").ShouldBe(user.Id.ToString());
    }

    [Fact]
    public async Task Audit_IsPaginated_WithoutDuplicatesOrGaps()
    {
        var user = await client.RegisterAndLoginAsync("audited");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        for (var i = 0; i < 5; i++)
        {
            await client.CreditAsync(user, account, "1.00");
        }

        var all = await client.AllPagesAsync($"/api/v1/audit?userId={user.Id}", admin.AccessToken, limit: 200);
        var paged = await client.AllPagesAsync($"/api/v1/audit?userId={user.Id}", admin.AccessToken, limit: 2);

        all.Count.ShouldBeGreaterThanOrEqualTo(6);
        paged.Select(e => e.Str("id")).ShouldBe(all.Select(e => e.Str("id")));
        paged.Select(e => e.Str("id")).Distinct().Count().ShouldBe(paged.Count);
        var first = await (await client.GetAsync($"/api/v1/audit?userId={user.Id}&limit=2", admin.AccessToken)).ShouldBeAsync(200);
        first.AsObject().Select(m => m.Key).ShouldBe(["items", "nextCursor"], ignoreOrder: true);
        first["nextCursor"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Audit_RecordsAnAdminsReadsOfAnotherUsersAccountAndTransaction()
    {
        var user = await client.RegisterAndLoginAsync("audited");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "5.00");

        await (await client.GetAsync($"/api/v1/accounts/{account}", admin.AccessToken)).ShouldBeAsync(200);
        await (await client.GetAsync($"/api/v1/accounts/{account}/balances", admin.AccessToken)).ShouldBeAsync(200);
        await (await client.GetAsync($"/api/v1/transactions?accountId={account}", admin.AccessToken)).ShouldBeAsync(200);
        await (await client.GetAsync($"/api/v1/transactions/{credit.Id()}", admin.AccessToken)).ShouldBeAsync(200);

        var byAccount = await client.AllPagesAsync($"/api/v1/audit?entityType=account&entityId={account}&userId={admin.Id}", admin.AccessToken);
        var reads = byAccount.Where(e => e.Str("actorId") == admin.Id.ToString()).ToList();
        reads.Count.ShouldBe(3);
        reads.ShouldAllBe(e => e.Str("subjectUserId") == user.Id.ToString() && e.Str("outcome") == "succeeded");
        reads.Select(e => e.Str("action")).ShouldAllBe(a => a.StartsWith("admin.read", StringComparison.Ordinal));
        var transactionRead = await client.AllPagesAsync($"/api/v1/audit?entityType=transaction&entityId={credit.Id()}&userId={admin.Id}", admin.AccessToken);
        transactionRead.Count.ShouldBe(1);
        transactionRead[0].Str("action").ShouldStartWith("admin.read");
    }

    [Fact]
    public async Task Audit_RecordsAForbiddenMoneyMovement()
    {
        var owner = await client.RegisterAndLoginAsync("audited");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(owner);

        await (await client.CreditRequestAsync(admin, account, "1.00")).ShouldBeProblemAsync(403, "forbidden");

        var entries = await client.AllPagesAsync($"/api/v1/audit?entityType=account&entityId={account}", admin.AccessToken);
        entries.ShouldContain(e => e.Str("outcome") == "refused" && e.Str("code") == "forbidden" && e.Str("actorId") == admin.Id.ToString());
    }

    [Fact]
    public async Task Audit_RecordsAUsersForbiddenAttemptToReverse()
    {
        var user = await client.RegisterAndLoginAsync("audited");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "5.00");

        await (await client.ReverseRequestAsync(user, credit.Id())).ShouldBeProblemAsync(403, "forbidden");

        var entries = await client.AllPagesAsync($"/api/v1/audit?userId={user.Id}", admin.AccessToken);
        entries.ShouldContain(e => e.Str("outcome") == "refused" && e.Str("code") == "forbidden" && e.Str("actorId") == user.Id.ToString());
    }

    [Fact]
    public async Task Audit_WithFromAndToCarryingAnOffset_MeansTheSameInstants()
    {
        var user = await client.RegisterAndLoginAsync("audited");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);

        var from = Uri.EscapeDataString("2020-01-01T02:00:00+02:00");
        var to = Uri.EscapeDataString("2999-01-01T02:00:00+02:00");
        var entries = await client.AllPagesAsync($"/api/v1/audit?userId={user.Id}&from={from}&to={to}", admin.AccessToken);

        entries.ShouldContain(e => e.Str("action") == "account.opened" && e.Str("entityId") == account.ToString());
    }

    [Fact]
    public async Task Audit_ForAUser_Returns403_AndWithoutAToken401()
    {
        var user = await client.RegisterAndLoginAsync("audited");

        await (await client.GetAsync("/api/v1/audit", user.AccessToken)).ShouldBeProblemAsync(403, "forbidden");
        await (await client.GetAsync($"/api/v1/audit?userId={user.Id}", user.AccessToken)).ShouldBeProblemAsync(403, "forbidden");
        await (await client.GetAsync("/api/v1/audit", token: null)).ShouldBeProblemAsync(401, "unauthorized");
    }

    [Theory]
    [InlineData("limit", "?limit=0")]
    [InlineData("limit", "?limit=201")]
    [InlineData("limit", "?limit=abc")]
    [InlineData("cursor", "?cursor=garbage!")]
    [InlineData("to", "?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z")]
    [InlineData("userId", "?userId=nope")]
    public async Task Audit_WithABadParameter_Returns400(string field, string query)
    {
        var admin = await client.LoginAdminAsync();

        await (await client.GetAsync($"/api/v1/audit{query}", admin.AccessToken)).ShouldBeValidationProblemAsync(field);
    }
}

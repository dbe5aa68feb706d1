using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// Insecure direct object references: user A owns one of every resource; user B (a plain user) calls every route that
/// names a resource with A's ids and every method, and must get 404 (403 for admin-only routes) every time, with the same
/// answer as for an id that does not exist, and nothing of A's may change. The sweep is a table: a new route is one line,
/// and a route of the OpenAPI document that takes an id but has no line fails <see cref="EveryRouteThatNamesAResource_IsInTheSweep"/>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class IdorSweepTests(ApiFactory factory)
{
    /// <summary>Routes with an id that name no user's resource (public market data and reference data).</summary>
    private static readonly string[] PublicRoutes = ["/api/v1/prices/{id}", "/api/v1/prices/{id}/history", "/api/v1/assets/{id}"];

    /// <summary>Query parameters that name a resource of a user.</summary>
    private static readonly string[] ResourceParameters = ["accountId", "userId", "entityId", "fromAccountId", "toAccountId"];

    private readonly HttpClient client = factory.CreateClient();

    /// <summary>
    /// One probe per line: method, path (placeholders <c>{account}</c>, <c>{emptyAccount}</c>, <c>{credit}</c>,
    /// <c>{pending}</c>, <c>{transfer}</c>, <c>{trade}</c>, <c>{user}</c>, <c>{own}</c> = B's account, <c>{now}</c>), body
    /// (the same placeholders in its strings) and the expected status and problem code.
    /// </summary>
    private static readonly Probe[] Sweep =
    [
        new("GET", "/api/v1/accounts/{account}"),
        new("GET", "/api/v1/accounts/{emptyAccount}"),
        new("PATCH", "/api/v1/accounts/{account}", new JsonObject { ["name"] = "taken over" }),
        new("PATCH", "/api/v1/accounts/{emptyAccount}", new JsonObject { ["name"] = "taken over" }),
        new("DELETE", "/api/v1/accounts/{account}"),
        new("DELETE", "/api/v1/accounts/{emptyAccount}"),
        new("GET", "/api/v1/accounts/{account}/balances"),
        new("GET", "/api/v1/accounts/{account}/balances?at={now}"),
        new("GET", "/api/v1/accounts/{account}/balances/history?asset=USD"),
        new("GET", "/api/v1/accounts/{account}/balances/history?asset=BTC&interval=hour"),
        new("GET", "/api/v1/transactions/{credit}"),
        new("GET", "/api/v1/transactions/{pending}"),
        new("GET", "/api/v1/transactions/{transfer}"),
        new("GET", "/api/v1/transactions/{trade}"),
        new("POST", "/api/v1/transactions/{pending}/post"),
        new("POST", "/api/v1/transactions/{pending}/void"),
        new("POST", "/api/v1/transactions/{credit}/post"),
        new("POST", "/api/v1/transactions/{credit}/void"),
        new("POST", "/api/v1/transactions/{credit}/reverse", new JsonObject { ["reason"] = "mine now" }, 403, "forbidden"),
        new("POST", "/api/v1/transactions/{pending}/reverse", new JsonObject { ["reason"] = "mine now" }, 403, "forbidden"),
        new("GET", "/api/v1/transactions?accountId={account}"),
        new("GET", "/api/v1/transactions?accountId={account}&status=pending&type=transfer"),
        new("GET", "/api/v1/portfolio?accountId={account}"),
        new("GET", "/api/v1/portfolio/performance?accountId={account}"),
        new("GET", "/api/v1/portfolio/stream?accountId={account}&interval=1&maxUpdates=1"),
        new("GET", "/api/v1/users/{user}"),
        new("PUT", "/api/v1/users/{user}", new JsonObject { ["username"] = "taken_over", ["email"] = "taken.over@example.com" }),
        new("PUT", "/api/v1/users/{user}", new JsonObject { ["username"] = "taken_over", ["email"] = "taken.over@example.com", ["role"] = "admin" }),
        new("DELETE", "/api/v1/users/{user}"),
        new("GET", "/api/v1/users", Status: 403, Code: "forbidden"),
        new("GET", "/api/v1/audit?userId={user}", Status: 403, Code: "forbidden"),
        new("GET", "/api/v1/audit?entityType=account&entityId={account}", Status: 403, Code: "forbidden"),
        new("PUT", "/api/v1/accounts/{account}", new JsonObject { ["name"] = "taken over" }, 405, "method_not_allowed"),
        new("POST", "/api/v1/accounts/{account}", new JsonObject { ["name"] = "taken over" }, 405, "method_not_allowed"),
        new("DELETE", "/api/v1/accounts/{account}/balances", Status: 405, Code: "method_not_allowed"),
        new("PATCH", "/api/v1/transactions/{pending}", new JsonObject { ["status"] = "completed" }, 405, "method_not_allowed"),
        new("DELETE", "/api/v1/transactions/{pending}", Status: 405, Code: "method_not_allowed"),
        new("GET", "/api/v1/transactions/{pending}/void", Status: 405, Code: "method_not_allowed"),
        new("PATCH", "/api/v1/users/{user}", new JsonObject { ["role"] = "admin" }, 405, "method_not_allowed"),
        new("POST", "/api/v1/transactions/credit", new JsonObject { ["accountId"] = "{account}", ["asset"] = "USD", ["amount"] = "1.00" }),
        new("POST", "/api/v1/transactions/debit", new JsonObject { ["accountId"] = "{account}", ["asset"] = "USD", ["amount"] = "1.00" }),
        new("POST", "/api/v1/transactions/transfer", new JsonObject { ["fromAccountId"] = "{account}", ["toAccountId"] = "{own}", ["asset"] = "USD", ["amount"] = "1.00" }),
        new("POST", "/api/v1/transactions/transfer", new JsonObject { ["fromAccountId"] = "{account}", ["toAccountId"] = "{own}", ["asset"] = "USD", ["amount"] = "1.00", ["pending"] = true }),
        new("POST", "/api/v1/transactions/trade", new JsonObject { ["accountId"] = "{account}", ["side"] = "sell", ["asset"] = "BTC", ["quantity"] = "0.00100000", ["quoteAsset"] = "USD", ["price"] = "50000.00" }),
        new("POST", "/api/v1/transactions/trade", new JsonObject { ["accountId"] = "{account}", ["side"] = "buy", ["asset"] = "BTC", ["quantity"] = "0.00010000", ["quoteAsset"] = "USD", ["price"] = "50000.00" }),
    ];

    public static TheoryData<int> SweepLines => [.. Enumerable.Range(0, Sweep.Length)];

    [Theory]
    [MemberData(nameof(SweepLines))]
    public async Task AnotherUsersResource_IsNotFoundForAPlainUser_LikeAnIdThatDoesNotExist_AndNothingChanges(int line)
    {
        var probe = Sweep[line];
        var owner = await OwnerWithOneOfEverythingAsync();
        var stranger = await client.RegisterAndLoginAsync("stranger");
        var strangersAccount = await client.OpenAccountAsync(stranger);
        await client.CreditAsync(stranger, strangersAccount, "10.00");
        var before = await SnapshotAsync(owner);

        var response = await SendAsync(probe, owner.IdsFor(strangersAccount), stranger);
        var problem = await response.ShouldBeProblemAsync(probe.Status, probe.Code);
        response.Headers.Contains(LedgerClient.ReplayedHeader).ShouldBeFalse();

        var nobody = Ids.Nobody(strangersAccount);
        var unknown = await SendAsync(probe, nobody, stranger);
        var unknownProblem = await unknown.ShouldBeProblemAsync(probe.Status, probe.Code);
        Blank(problem.Str("detail"), owner.IdsFor(strangersAccount)).ShouldBe(Blank(unknownProblem.Str("detail"), nobody), "the answer tells an existing id from an unknown one");

        (await SnapshotAsync(owner)).ShouldBe(before);
        (await client.AmountOfAsync(stranger, strangersAccount)).ShouldBe("10.00");
    }

    [Fact]
    public async Task TheOwner_GetsThroughOnEveryReadOfTheSweep_SoThe404sAreAboutOwnership()
    {
        var owner = await OwnerWithOneOfEverythingAsync();
        var ids = owner.IdsFor(owner.Account);

        foreach (var probe in Sweep.Where(p => p.Method == "GET" && p.Status == 404))
        {
            var response = await SendAsync(probe, ids, owner.User);
            ((int)response.StatusCode).ShouldBe(200, $"{probe.Method} {probe.Path}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task AnotherUsersIdempotencyKey_ReplaysNothingOfTheirs()
    {
        var owner = await client.RegisterAndLoginAsync("owner");
        var account = await client.OpenAccountAsync(owner);
        var key = LedgerClient.NewKey();
        await (await client.CreditRequestAsync(owner, account, "100.00", key: key)).ShouldBeAsync(201);
        var stranger = await client.RegisterAndLoginAsync("stranger");

        var response = await client.CreditRequestAsync(stranger, account, "100.00", key: key);

        await response.ShouldBeProblemAsync(404, "not_found");
        response.Headers.Contains(LedgerClient.ReplayedHeader).ShouldBeFalse();
        (await client.AmountOfAsync(owner, account)).ShouldBe("100.00");
    }

    [Fact]
    public async Task AnotherUsersTransactions_AreNotListedInTheStrangersOwnList_NorInTheirPortfolio()
    {
        var owner = await OwnerWithOneOfEverythingAsync();
        var stranger = await client.RegisterAndLoginAsync("stranger");
        await client.OpenAccountAsync(stranger);

        var listed = await client.AllPagesAsync("/api/v1/transactions", stranger.AccessToken);
        listed.ShouldBeEmpty();
        var accounts = await (await client.GetAsync("/api/v1/accounts", stranger.AccessToken)).ShouldBeAsync(200);
        accounts["items"]!.AsArray().Select(a => a!.Id()).ShouldNotContain(owner.Account);
        var portfolio = await (await client.GetAsync("/api/v1/portfolio", stranger.AccessToken)).ShouldBeAsync(200);
        portfolio["holdings"]!.AsArray().Where(h => h!.Str("quantity").Trim('0', '.').Length > 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task ATransferIntoAnotherUsersAccount_DoesNotOpenThatAccountToTheSender()
    {
        var owner = await client.RegisterAndLoginAsync("owner");
        var account = await client.OpenAccountAsync(owner);
        await client.CreditAsync(owner, account, "100.00");
        var sender = await client.RegisterAndLoginAsync("sender");
        var source = await client.OpenAccountAsync(sender);
        await client.CreditAsync(sender, source, "10.00");

        var transfer = (await client.TransferAsync(sender, source, account, "5.00")).Id();

        var asSender = await client.GetTransactionAsync(sender, transfer);
        asSender.PostingOn(account)["balanceAfter"].ShouldBeNull();
        asSender.PostingOn(source).Str("balanceAfter").ShouldBe("5.00");
        (await client.GetTransactionAsync(owner, transfer)).PostingOn(account).Str("balanceAfter").ShouldBe("105.00");
        foreach (var path in new[]
        {
            $"/api/v1/accounts/{account}",
            $"/api/v1/accounts/{account}/balances",
            $"/api/v1/accounts/{account}/balances/history?asset=USD",
            $"/api/v1/transactions?accountId={account}",
            $"/api/v1/portfolio?accountId={account}",
        })
        {
            await (await client.GetAsync(path, sender.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        }

        await (await client.TransferRequestAsync(sender, account, source, "5.00")).ShouldBeProblemAsync(404, "not_found");
        (await client.AmountOfAsync(owner, account)).ShouldBe("105.00");
    }

    [Fact]
    public async Task AnAdmin_ReadsAnotherUsersAccount_ButMayNotRenameOrCloseIt()
    {
        var owner = await OwnerWithOneOfEverythingAsync();
        var admin = await client.LoginAdminAsync();
        var before = await SnapshotAsync(owner);

        await (await client.GetAsync($"/api/v1/accounts/{owner.Empty}", admin.AccessToken)).ShouldBeAsync(200);
        await (await client.PatchJsonAsync($"/api/v1/accounts/{owner.Empty}", new { name = "renamed by admin" }, admin.AccessToken)).ShouldBeProblemAsync(403, "forbidden");
        await (await client.DeleteAsync($"/api/v1/accounts/{owner.Empty}", admin.AccessToken)).ShouldBeProblemAsync(403, "forbidden");

        (await SnapshotAsync(owner)).ShouldBe(before);
    }

    [Fact]
    public async Task EveryRouteThatNamesAResource_IsInTheSweep()
    {
        var document = await (await client.GetAsync("/openapi/v1.json", token: null)).ShouldBeAsync(200);
        var covered = Sweep.Select(p => $"{p.Method} {Template(p.Path)}").ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var template = PathParameter().Replace(path, "{id}");
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = (operation?["parameters"]?.AsArray() ?? []).Select(p => p!["name"]?.GetValue<string>() ?? string.Empty);
                var namesAResource = (template.Contains("{id}", StringComparison.Ordinal) && !PublicRoutes.Contains(template))
                    || parameters.Any(ResourceParameters.Contains)
                    || BodyMembers(document, operation).Any(ResourceParameters.Contains);
                var key = $"{method.ToUpperInvariant()} {template}";
                if (namesAResource && !covered.Contains(key))
                {
                    missing.Add(key);
                }
            }
        }

        missing.ShouldBeEmpty("routes that take an id without a line in IdorSweepTests.Sweep");
    }

    /// <summary>The members of an operation's JSON request body (its schema, or the component it refers to).</summary>
    private static IEnumerable<string> BodyMembers(JsonNode document, JsonNode? operation)
    {
        var schema = operation?["requestBody"]?["content"]?["application/json"]?["schema"];
        if (schema?["$ref"]?.GetValue<string>() is { } reference)
        {
            schema = document["components"]!["schemas"]![reference.Split('/')[^1]];
        }

        return schema?["properties"]?.AsObject().Select(p => p.Key) ?? [];
    }

    private async Task<Owner> OwnerWithOneOfEverythingAsync()
    {
        var user = await client.RegisterAndLoginAsync("owner");
        var account = await client.OpenAccountAsync(user);
        var second = await client.OpenAccountAsync(user);
        var empty = await client.OpenAccountAsync(user);
        var credit = (await client.CreditAsync(user, account, "1000.00")).Id();
        var transfer = (await client.TransferAsync(user, account, second, "100.00")).Id();
        var pending = (await client.TransferAsync(user, account, second, "40.00", pending: true)).Id();
        var trade = (await (await client.TradeRequestAsync(user, account, "buy", "0.01000000", "BTC", "USD", "50000.00")).ShouldBeAsync(201)).Id();
        return new Owner(user, account, second, empty, credit, transfer, pending, trade);
    }

    /// <summary>Everything of the owner's that a stranger could have changed, as the owner sees it.</summary>
    private async Task<string> SnapshotAsync(Owner owner)
    {
        var token = owner.User.AccessToken;
        var state = new JsonObject
        {
            ["me"] = await (await client.GetAsync("/api/v1/users/me", token)).ShouldBeAsync(200),
            ["accounts"] = await (await client.GetAsync("/api/v1/accounts", token)).ShouldBeAsync(200),
            ["transactions"] = new JsonArray([.. (await client.AllPagesAsync("/api/v1/transactions", token)).Select(t => t.DeepClone())]),
        };
        foreach (var account in new[] { owner.Account, owner.Second, owner.Empty })
        {
            var response = await client.GetAsync($"/api/v1/accounts/{account}", token);
            state[$"etag {account}"] = response.Headers.ETag?.Tag;
            state[$"account {account}"] = await response.ShouldBeAsync(200);
            state[$"balances {account}"] = await (await client.GetAsync($"/api/v1/accounts/{account}/balances", token)).ShouldBeAsync(200);
        }

        (await client.GetTransactionAsync(owner.User, owner.Pending)).Str("status").ShouldBe("pending");
        return state.ToJsonString();
    }

    private Task<HttpResponseMessage> SendAsync(Probe probe, Ids ids, TestUser caller) =>
        client.SendJsonAsync(new HttpMethod(probe.Method), ids.Fill(probe.Path), probe.Body is null ? null : ids.Fill(probe.Body.ToJsonString()), caller.AccessToken);

    private static string Blank(string text, Ids ids) => ids.All.Aggregate(text, (t, id) => t.Replace(id.ToString(), "<id>", StringComparison.OrdinalIgnoreCase));

    private static string Template(string path) => PathParameter().Replace(path.Split('?')[0], "{id}");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();

    private sealed record Probe(string Method, string Path, JsonObject? Body = null, int Status = 404, string Code = "not_found")
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private sealed record Owner(TestUser User, Guid Account, Guid Second, Guid Empty, Guid Credit, Guid Transfer, Guid Pending, Guid Trade)
    {
        public Ids IdsFor(Guid strangersAccount) => new(Account, Empty, Credit, Pending, Transfer, Trade, User.Id, strangersAccount);
    }

    private sealed record Ids(Guid Account, Guid EmptyAccount, Guid Credit, Guid Pending, Guid Transfer, Guid Trade, Guid User, Guid Own)
    {
        public static Ids Nobody(Guid own) =>
            new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), own);

        public IEnumerable<Guid> All => [Account, EmptyAccount, Credit, Pending, Transfer, Trade, User];

        public string Fill(string text) => text
            .Replace("{account}", Account.ToString(), StringComparison.Ordinal)
            .Replace("{emptyAccount}", EmptyAccount.ToString(), StringComparison.Ordinal)
            .Replace("{credit}", Credit.ToString(), StringComparison.Ordinal)
            .Replace("{pending}", Pending.ToString(), StringComparison.Ordinal)
            .Replace("{transfer}", Transfer.ToString(), StringComparison.Ordinal)
            .Replace("{trade}", Trade.ToString(), StringComparison.Ordinal)
            .Replace("{user}", User.ToString(), StringComparison.Ordinal)
            .Replace("{own}", Own.ToString(), StringComparison.Ordinal)
            .Replace("{now}", Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)), StringComparison.Ordinal);
    }
}

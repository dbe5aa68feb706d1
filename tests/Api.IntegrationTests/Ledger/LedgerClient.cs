using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

/// <summary>The ledger calls the ledger tests make, the way a black-box client makes them.</summary>
public static class LedgerClient
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Every member of the documented <c>Transaction</c> shape, plus <c>trade</c>.</summary>
    public static readonly string[] TransactionMembers =
        ["id", "type", "status", "postings", "description", "createdAt", "createdBy", "reversalOf", "reversedBy", "trade", "unitCost"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Sends a request with an optional JSON body (an object, or a raw JSON string), key and <c>If-Match</c>.</summary>
    public static Task<HttpResponseMessage> SendJsonAsync(
        this HttpClient client, HttpMethod method, string url, object? body, string? token, string? idempotencyKey = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : JsonContent.Create(body, options: Json);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(KeyHeader, idempotencyKey).ShouldBeTrue();
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch).ShouldBeTrue();
        }

        return client.SendAsync(request);
    }

    /// <summary>POST with an <c>Idempotency-Key</c> (none when null).</summary>
    public static Task<HttpResponseMessage> PostKeyedAsync(this HttpClient client, string url, object? body, TestUser user, string? key) =>
        client.SendJsonAsync(HttpMethod.Post, url, body, user.AccessToken, key);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body, string? token, string? ifMatch = null) =>
        client.SendJsonAsync(HttpMethod.Patch, url, body, token, ifMatch: ifMatch);

    /// <summary>A fresh, unique key.</summary>
    public static string NewKey() => $"key-{Guid.NewGuid():N}";

    /// <summary>A name for an account that no other test uses (names are unique per user anyway).</summary>
    public static string AccountName(string stem = "acct") => $"{stem} {Guid.NewGuid():N}"[..Math.Min(stem.Length + 13, 100)];

    public static async Task<Guid> OpenAccountAsync(this HttpClient client, TestUser user, string? name = null, string? baseCurrency = null)
    {
        object body = baseCurrency is null ? new { name = name ?? AccountName() } : new { name = name ?? AccountName(), baseCurrency };
        var account = await (await client.PostJsonAsync("/api/v1/accounts", body, user.AccessToken)).ShouldBeAsync(201);
        return account.Id();
    }

    public static Task<HttpResponseMessage> CreditRequestAsync(
        this HttpClient client, TestUser user, Guid accountId, string amount, string asset = "USD", string? key = null, string? description = null) =>
        client.PostKeyedAsync("/api/v1/transactions/credit", new { accountId, asset, amount, description }, user, key);

    public static Task<HttpResponseMessage> DebitRequestAsync(
        this HttpClient client, TestUser user, Guid accountId, string amount, string asset = "USD", string? key = null, string? description = null) =>
        client.PostKeyedAsync("/api/v1/transactions/debit", new { accountId, asset, amount, description }, user, key);

    public static Task<HttpResponseMessage> TransferRequestAsync(
        this HttpClient client, TestUser user, Guid fromAccountId, Guid toAccountId, string amount, string asset = "USD", bool pending = false, string? key = null) =>
        client.PostKeyedAsync("/api/v1/transactions/transfer", new { fromAccountId, toAccountId, asset, amount, pending }, user, key);

    public static Task<HttpResponseMessage> TradeRequestAsync(
        this HttpClient client,
        TestUser user,
        Guid accountId,
        string side,
        string quantity,
        string asset,
        string quoteAsset,
        string? price,
        string? fee = null,
        string? key = null) =>
        client.PostKeyedAsync("/api/v1/transactions/trade", new { accountId, side, asset, quantity, quoteAsset, price, fee }, user, key);

    public static Task<HttpResponseMessage> PostTransferAsync(this HttpClient client, TestUser user, Guid transactionId, string? key = null) =>
        client.PostKeyedAsync($"/api/v1/transactions/{transactionId}/post", null, user, key);

    public static Task<HttpResponseMessage> VoidTransferAsync(this HttpClient client, TestUser user, Guid transactionId, string? key = null) =>
        client.PostKeyedAsync($"/api/v1/transactions/{transactionId}/void", null, user, key);

    public static Task<HttpResponseMessage> ReverseRequestAsync(this HttpClient client, TestUser admin, Guid transactionId, string reason = "correction", string? key = null) =>
        client.PostKeyedAsync($"/api/v1/transactions/{transactionId}/reverse", new { reason }, admin, key);

    public static async Task<JsonNode> CreditAsync(this HttpClient client, TestUser user, Guid accountId, string amount, string asset = "USD") =>
        await (await client.CreditRequestAsync(user, accountId, amount, asset)).ShouldBeAsync(201);

    public static async Task<JsonNode> DebitAsync(this HttpClient client, TestUser user, Guid accountId, string amount, string asset = "USD") =>
        await (await client.DebitRequestAsync(user, accountId, amount, asset)).ShouldBeAsync(201);

    public static async Task<JsonNode> TransferAsync(
        this HttpClient client, TestUser user, Guid fromAccountId, Guid toAccountId, string amount, string asset = "USD", bool pending = false) =>
        await (await client.TransferRequestAsync(user, fromAccountId, toAccountId, amount, asset, pending)).ShouldBeAsync(201);

    public static async Task<JsonNode> GetTransactionAsync(this HttpClient client, TestUser user, Guid transactionId) =>
        await (await client.GetAsync($"/api/v1/transactions/{transactionId}", user.AccessToken)).ShouldBeAsync(200);

    /// <summary>The balance items of an account as its owner (or an admin) sees them.</summary>
    public static async Task<JsonArray> BalancesAsync(this HttpClient client, TestUser user, Guid accountId, string query = "")
    {
        var body = await (await client.GetAsync($"/api/v1/accounts/{accountId}/balances{query}", user.AccessToken)).ShouldBeAsync(200);
        body.AsObject().Select(m => m.Key).ShouldBe(["items"]);
        return body["items"]!.AsArray();
    }

    /// <summary>The balance item of one asset, or null when the account lists none for it.</summary>
    public static async Task<JsonNode?> BalanceOfAsync(this HttpClient client, TestUser user, Guid accountId, string asset, string query = "") =>
        (await client.BalancesAsync(user, accountId, query)).SingleOrDefault(b => b!.Str("asset") == asset);

    /// <summary>The balance item of one asset, which must be listed.</summary>
    public static async Task<JsonNode> LineOfAsync(this HttpClient client, TestUser user, Guid accountId, string asset, string query = "")
    {
        var line = await client.BalanceOfAsync(user, accountId, asset, query);
        line.ShouldNotBeNull($"no {asset} balance listed for {accountId}");
        return line;
    }

    /// <summary>The posted amount of one asset (it must be listed).</summary>
    public static async Task<string> AmountOfAsync(this HttpClient client, TestUser user, Guid accountId, string asset = "USD") =>
        (await client.LineOfAsync(user, accountId, asset)).Str("amount");

    /// <summary>A balance item as <c>asset=amount/available</c>.</summary>
    public static string Line(this JsonNode? balance)
    {
        ArgumentNullException.ThrowIfNull(balance);
        return $"{balance.Str("asset")}={balance.Str("amount")}/{balance.Str("available")}";
    }

    /// <summary>A balance item as <c>asset=amount</c>.</summary>
    public static string AssetAmount(this JsonNode? balance)
    {
        ArgumentNullException.ThrowIfNull(balance);
        return $"{balance.Str("asset")}={balance.Str("amount")}";
    }

    /// <summary>Every item of a paginated list, page by page with <paramref name="limit"/>.</summary>
    public static async Task<List<JsonNode>> AllPagesAsync(this HttpClient client, string url, string token, int limit = 200)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        do
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"{url}{separator}limit={limit}") + (cursor is null ? string.Empty : "&cursor=" + cursor);
            var page = await (await client.GetAsync(query, token)).ShouldBeAsync(200);
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return items;
    }

    public static Guid Id(this JsonNode node) => Guid.Parse(node.Str("id"));

    public static Guid? GuidOrNull(this JsonNode node, string member) =>
        node[member] is { } value ? Guid.Parse(value.GetValue<string>()) : null;

    public static string? StrOrNull(this JsonNode node, string member) => node[member]?.GetValue<string>();

    public static JsonArray Postings(this JsonNode transaction) => transaction["postings"]!.AsArray();

    /// <summary>The single posting of a transaction on an account (in an asset, when given).</summary>
    public static JsonNode PostingOn(this JsonNode transaction, Guid accountId, string? asset = null) =>
        transaction.Postings().Single(p => p!.Str("accountId") == accountId.ToString() && (asset is null || p!.Str("asset") == asset))!;

    /// <summary>The postings on accounts other than the given ones (world accounts, in a credit, debit or trade).</summary>
    public static List<JsonNode> PostingsNotOn(this JsonNode transaction, params Guid[] accountIds) =>
        [.. transaction.Postings().Where(p => !accountIds.Select(a => a.ToString()).Contains(p!.Str("accountId"))).Select(p => p!)];

    public static void ShouldHaveMembers(this JsonNode node, IEnumerable<string> members)
    {
        var obj = node.AsObject();
        foreach (var member in members)
        {
            obj.ContainsKey(member).ShouldBeTrue($"'{member}' is missing from {node.ToJsonString()}");
        }
    }

    /// <summary>Asserts a 400 validation problem naming exactly the given fields.</summary>
    public static async Task<JsonNode> ShouldBeValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ShouldBeProblemAsync(400, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).Order(StringComparer.Ordinal).ShouldBe(fields.Order(StringComparer.Ordinal), problem.ToJsonString());
        foreach (var field in fields)
        {
            problem.FieldErrors(field).ShouldNotBeEmpty();
        }

        return problem;
    }

    public static bool IsReplay(this HttpResponseMessage response) =>
        response.Headers.TryGetValues(ReplayedHeader, out var values) && values.SingleOrDefault() == "true";

    public static DateTimeOffset Time(this JsonNode node, string member) =>
        DateTimeOffset.Parse(node.Str(member), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>An RFC 3339 UTC timestamp for a query string (microseconds, <c>Z</c>).</summary>
    public static string Rfc3339(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The instant halfway between two others, truncated to whole microseconds.</summary>
    public static DateTimeOffset Between(DateTimeOffset earlier, DateTimeOffset later)
    {
        var ticks = earlier.UtcTicks + ((later.UtcTicks - earlier.UtcTicks) / 2);
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }
}

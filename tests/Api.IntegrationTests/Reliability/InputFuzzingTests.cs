using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// Input fuzzing: a seeded stream of hostile requests (<see cref="HostileRequestGenerator"/>) over every route, sent
/// with the fuzz user's token (some with an admin's, none or a garbage one) to the API on a database of its own.
/// <para>
/// Every answer must be below 500, and every 4xx a problem document (<c>application/problem+json</c> with a
/// <c>code</c>, <c>status</c> equal to the HTTP status and a <c>traceId</c>). A refused request (any 4xx) must leave
/// the database unchanged, which here means: every row of users, refresh tokens, assets, accounts, balances,
/// transactions and postings is identical before and after; no <c>succeeded</c> audit entry appears. Two writes are
/// part of a refusal by design (docs/operations.md, docs/api.md § Idempotency) and are allowed: at most one
/// <c>refused</c> audit entry for a 401, 403 or 422, and at most one stored idempotency key for a 422 (business
/// refusals are replayed); a 401 <c>refresh_token_reused</c> revokes its token family. Successful requests may change
/// the database; afterwards the ledger must still balance (every asset's balances sum to zero).
/// </para>
/// <para>
/// PT_FUZZ_REQUESTS sets the number of requests (default 1500), PT_FUZZ_SEED the seed (default: a fixed one, so that build/test.sh
/// and CI are repeatable; build/reliability.sh picks a new one per run and prints it).
/// A failure lists the seed and, for each offending request, the request and the answer.
/// </para>
/// </summary>
public sealed class InputFuzzingTests(ApiFactory factory, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private const int MaxReportedFailures = 15;

    /// <summary>The seed of the short run in build/test.sh (a seed that passed 1,500 and 8,000 requests).</summary>
    private const int DefaultSeed = 2;
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task HostileRequests_NeverFail_AnswerProblems_AndRefusalsChangeNothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PT_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable("PT_FUZZ_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : 1500;
        output.WriteLine($"seed {seed} (PT_FUZZ_SEED={seed}), {count} requests (PT_FUZZ_REQUESTS)");

        var generator = new HostileRequestGenerator(seed, await CreateTargetsAsync());
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();

        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var failureCount = 0;
        var before = await DatabaseSnapshot.TakeAsync(connection);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var request = generator.Next();
            var (status, answer, problems) = await SendAsync(request);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;

            var after = await DatabaseSnapshot.TakeAsync(connection);
            if (status >= 400)
            {
                var code = CodeOf(answer);
                problems.AddRange(before.UnexpectedChangesAfterRefusal(after, status, code).Select(c => "database: " + c));
            }

            before = after;
            if (problems.Count > 0)
            {
                failureCount++;
                if (failures.Count < MaxReportedFailures)
                {
                    failures.Add($"{string.Join("; ", problems)}\n{request.Describe()}  -> {status}: {HostileRequest.Escape(HostileRequest.Truncate(answer, 800))}");
                }
            }
        }

        clock.Stop();
        output.WriteLine($"{count} requests in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("status counts: " + string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}")));

        var unbalanced = (await connection.QueryAsync<string>(
            "SELECT asset || ' ' || sum(amount)::text FROM balances GROUP BY asset HAVING sum(amount) <> 0")).ToList();
        if (unbalanced.Count > 0)
        {
            failureCount++;
            failures.Add("ledger out of balance (asset, sum): " + string.Join(", ", unbalanced));
        }

        if (failureCount > 0)
        {
            var message = $"Input fuzzing (seed {seed}, {count} requests; rerun with PT_FUZZ_SEED={seed} PT_FUZZ_REQUESTS={count}) " +
                $"found {failureCount} failures; the first {failures.Count}:\n\n" + string.Join("\n\n", failures);
            output.WriteLine(message);
            Assert.Fail(message);
        }
    }

    [Fact]
    public async Task Generator_CoversEveryOperationOfTheOpenApiDocument()
    {
        var document = await (await client.GetAsync("/openapi/v1.json", token: null)).ShouldBeAsync(200);
        var covered = HostileRequestGenerator.Routes.Select(r => $"{r.Method} {Normalize(r.Template)}").ToHashSet(StringComparer.Ordinal);

        var missing = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject())
            {
                var operation = $"{method.ToUpperInvariant()} {Normalize(path)}";
                if (method is "get" or "post" or "put" or "patch" or "delete" && !covered.Contains(operation))
                {
                    missing.Add(operation);
                }
            }
        }

        missing.ShouldBeEmpty("operations the fuzzer does not exercise");
    }

    private static string Normalize(string template)
    {
        var text = new StringBuilder();
        var inParameter = false;
        foreach (var c in template)
        {
            if (c == '{')
            {
                inParameter = true;
                text.Append("{}");
            }
            else if (c == '}')
            {
                inParameter = false;
            }
            else if (!inParameter)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private async Task<(int Status, string Answer, List<string> Problems)> SendAsync(HostileRequest request)
    {
        var problems = new List<string>();
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = null;
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        if (request.Token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType == "text/event-stream")
            {
                return (status, "(an event stream)", problems);
            }

            var answer = await response.Content.ReadAsStringAsync(timeout.Token);
            if (status >= 500)
            {
                problems.Add($"status {status}");
            }

            if (status >= 400 && request.Method != "HEAD")
            {
                CheckProblem(status, mediaType, answer, problems);
            }

            return (status, $"{mediaType} {answer}", problems);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or InvalidOperationException or IOException)
        {
            problems.Add("the request failed: " + exception.GetType().Name);
            return (0, exception.ToString(), problems);
        }
    }

    private static void CheckProblem(int status, string? mediaType, string answer, List<string> problems)
    {
        if (mediaType != "application/problem+json")
        {
            problems.Add($"a {status} with Content-Type {mediaType ?? "(none)"}");
        }

        JsonNode? problem;
        try
        {
            problem = JsonNode.Parse(answer);
        }
        catch (JsonException)
        {
            problems.Add($"a {status} whose body is not JSON");
            return;
        }

        if (problem is not JsonObject body)
        {
            problems.Add($"a {status} whose body is not a JSON object");
            return;
        }

        if (body["code"] is not JsonValue code || code.GetValueKind() != JsonValueKind.String || code.GetValue<string>().Length == 0)
        {
            problems.Add($"a {status} problem without a code");
        }

        if (body["status"] is not JsonValue statusValue || statusValue.GetValueKind() != JsonValueKind.Number || statusValue.GetValue<int>() != status)
        {
            problems.Add($"a {status} problem whose status is {body["status"]?.ToJsonString() ?? "missing"}");
        }

        if (body["traceId"] is not JsonValue traceId || traceId.GetValueKind() != JsonValueKind.String || traceId.GetValue<string>().Length == 0)
        {
            problems.Add($"a {status} problem without a traceId");
        }
    }

    private static string? CodeOf(string answer)
    {
        var start = answer.IndexOf("\"code\":\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += 8;
        var end = answer.IndexOf('"', start);
        return end < 0 ? null : answer[start..end];
    }

    private async Task<FuzzTargets> CreateTargetsAsync()
    {
        var user = await client.RegisterAndLoginAsync("fuzz");
        var other = await client.RegisterAndLoginAsync("fuzzother");
        var admin = await client.LoginAdminAsync();

        var account = await OpenAccountAsync(user, "Main");
        var otherAccount = await OpenAccountAsync(other, "Other");
        var credit = await MoveAsync(user, "/api/v1/transactions/credit", new { accountId = account, asset = "USD", amount = "1000.00" });
        await MoveAsync(user, "/api/v1/transactions/credit", new { accountId = account, asset = "BTC", amount = "1.00000000" });
        var pending = await MoveAsync(user, "/api/v1/transactions/transfer", new { fromAccountId = account, toAccountId = otherAccount, asset = "USD", amount = "10.00", pending = true });
        return new FuzzTargets(user, other, admin, account, otherAccount, pending, credit);
    }

    private async Task<Guid> OpenAccountAsync(TestUser owner, string name)
    {
        var body = await (await client.PostJsonAsync("/api/v1/accounts", new { name, baseCurrency = "USD" }, owner.AccessToken)).ShouldBeAsync(201);
        return Guid.Parse(body.Str("id"));
    }

    private async Task<Guid> MoveAsync(TestUser owner, string url, object movement)
    {
        var body = await (await client.PostJsonAsync(url, movement, owner.AccessToken)).ShouldBeAsync(201);
        return Guid.Parse(body.Str("id"));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Concurrency;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// Issue 9: PostgreSQL crashes (<c>pg_ctl stop -m immediate</c>) under steady transfer load and comes back a few
/// seconds later. The API runs as a real process on a cluster of this test's own. Clients retry each intended
/// transfer with its own Idempotency-Key until the answer is definitive; the test checks that the outage is answered
/// quickly with 503 <c>database_unavailable</c>, that readiness follows the database, and that every intended transfer
/// is applied exactly once with the ledger's invariants intact. <c>PT_OUTAGE_SECONDS</c> sets the outage (default 3).
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const int Clients = 6;
    private const decimal Funding = 100_000m;
    private const string KeyPrefix = "outage-";
    private static readonly TimeSpan OutageAnswerLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReadyRecoveryLimit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GiveUpOnTransfer = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Stopwatch clock = Stopwatch.StartNew();

    [Fact]
    public async Task CrashAndRestartUnderLoad_Answers503Quickly_RecoversReadiness_AndAppliesEveryTransferOnce()
    {
        var outage = TimeSpan.FromSeconds(OutageSeconds());
        await using var cluster = await OutageCluster.StartAsync();
        var database = await cluster.CreateDatabaseAsync("pt_outage");
        // Sessions cached for 1 s instead of 30: an outage longer than the cache is what production meets, and then
        // every request's token check needs the database too.
        await using var api = await ApiProcess.StartAsync(database, new Dictionary<string, string?> { ["Jwt:SessionCacheSeconds"] = "1" });
        using var setup = api.CreateClient();

        var alice = await setup.RegisterAndLoginAsync("outage_a");
        var bob = await setup.RegisterAndLoginAsync("outage_b");
        var aliceAccount = await setup.OpenAccountAsync(alice, "outage");
        var bobAccount = await setup.OpenAccountAsync(bob, "outage");
        foreach (var (user, account) in new[] { (alice, aliceAccount), (bob, bobAccount) })
        {
            var credit = new { accountId = account, asset = "USD", amount = Funding.ToString("0.00", CultureInfo.InvariantCulture), description = "funding" };
            (await setup.SendAsync(user, "/api/v1/transactions/credit", credit, $"funding-{account}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        }

        var attempts = new ConcurrentBag<Attempt>();
        var probes = new ConcurrentBag<Probe>();
        var outcomes = new ConcurrentDictionary<string, Outcome>(StringComparer.Ordinal);
        using var stopLoad = new CancellationTokenSource();
        using var stopProbing = new CancellationTokenSource();

        var senders = new[] { (alice, aliceAccount, bobAccount), (bob, bobAccount, aliceAccount) };
        var load = Enumerable.Range(0, Clients)
            .Select(i => Task.Run(() => RunClientAsync(api, i, senders[i % 2], attempts, outcomes, stopLoad.Token)))
            .ToArray();
        var reader = Task.Run(() => RunReaderAsync(api, alice, aliceAccount, attempts, stopLoad.Token));
        var prober = Task.Run(() => ProbeReadinessAsync(api, probes, stopProbing.Token));

        // Steady load, then the crash, the outage, the restart.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var crashIssued = Now;
        await cluster.CrashAsync();
        var crashDone = Now;
        await Task.Delay(outage);
        var restartIssued = Now;
        await cluster.StartServerAsync();
        var databaseBack = Now;

        // Keep the load going until readiness is back, and a little longer.
        var readyDeadline = databaseBack + 10_000;
        while (!probes.Any(p => p.Start >= databaseBack && p.Status == 200) && Now < readyDeadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);
        await reader;
        await stopProbing.CancelAsync();
        await prober;

        // What the clients saw.
        var inOutage = attempts.Where(a => a.Start >= crashDone && a.End <= restartIssued).ToList();
        var aroundOutage = attempts.Where(a => a.Start >= crashIssued && a.Start <= databaseBack).ToList();
        var readyInOutage = probes.Where(p => p.Start >= crashDone && p.End <= restartIssued).ToList();
        var firstReady = probes.Where(p => p.Start >= databaseBack && p.Status == 200).OrderBy(p => p.End).FirstOrDefault();
        var recovery = firstReady is null ? (double?)null : firstReady.End - databaseBack;
        var statusCounts = string.Join(", ", attempts.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{StatusName(g.Key)}: {g.Count()}"));

        output.WriteLine(FormattableString.Invariant($"outage: {outage.TotalSeconds:0.#} s configured; crash took {crashDone - crashIssued:0} ms, restart {databaseBack - restartIssued:0} ms"));
        output.WriteLine($"requests: {attempts.Count}, {attempts.Count(a => a.Key == "read")} of them reads ({statusCounts})");
        output.WriteLine(FormattableString.Invariant(
            $"during the outage: {inOutage.Count} attempts, {inOutage.Count(a => a.Status == 503)} × 503, max latency {(inOutage.Count == 0 ? 0 : inOutage.Max(a => a.Latency)):0} ms; around it (crash to back): max latency {(aroundOutage.Count == 0 ? 0 : aroundOutage.Max(a => a.Latency)):0} ms"));
        output.WriteLine(FormattableString.Invariant(
            $"/health/ready: {readyInOutage.Count} probes during the outage ({string.Join(", ", readyInOutage.GroupBy(p => p.Status).Select(g => $"{StatusName(g.Key)}: {g.Count()}"))}), 200 again {(recovery is { } r ? $"{r:0} ms" : "never")} after the database was back"));
        output.WriteLine($"503 after the database was back: {attempts.Count(a => a.Start >= databaseBack && a.Status == 503)}");
        output.WriteLine($"intended transfers: {outcomes.Count}, answered 201: {outcomes.Values.Count(o => o.Status == 201)}, replayed: {outcomes.Values.Count(o => o.Replayed)}");

        attempts.Where(a => a.Status is 0 or >= 500 and not 503).ShouldBeEmpty("no 500, no hang, no broken connection to the API:\n"
            + string.Join('\n', attempts.Where(a => a.Status is 0 or >= 500 and not 503).Take(5).Select(a => a.ToString())) + "\n" + api.Tail(40));
        inOutage.ShouldNotBeEmpty("requests were sent while the database was down");
        foreach (var attempt in inOutage)
        {
            attempt.Status.ShouldBe(503, attempt.ToString());
            attempt.Code.ShouldBe("database_unavailable", attempt.ToString());
            attempt.RetryAfter.ShouldBeTrue(attempt.ToString());
        }

        aroundOutage.Where(a => a.Latency > OutageAnswerLimit.TotalMilliseconds).ShouldBeEmpty($"every answer around the outage within {OutageAnswerLimit.TotalSeconds} s");
        readyInOutage.ShouldNotBeEmpty("readiness was probed during the outage");
        readyInOutage.ShouldAllBe(p => p.Status == 503);
        recovery.ShouldNotBeNull($"/health/ready never answered 200 again. API:\n{api.Tail(40)}");
        recovery.Value.ShouldBeLessThan(ReadyRecoveryLimit.TotalMilliseconds, "ms until /health/ready answered 200 after the database was back");
        outcomes.Values.Where(o => o.Status != 201).ShouldBeEmpty("every intended transfer was applied (the accounts hold plenty)");

        await ShouldEachBeAppliedOnceAsync(database, outcomes);
        await LedgerInvariants.ShouldAllHoldAsync(Unpooled(database));
        var sentByAlice = outcomes.Keys.Count(k => ClientOf(k) % 2 == 0);
        var sentByBob = outcomes.Count - sentByAlice;
        (await setup.BalanceAsync(alice, aliceAccount, "USD")).ShouldBe(Funding - sentByAlice + sentByBob);
        (await setup.BalanceAsync(bob, bobAccount, "USD")).ShouldBe(Funding - sentByBob + sentByAlice);
        output.WriteLine($"transfers applied: {outcomes.Count} of {outcomes.Count} intended, each exactly once; ledger invariants hold");
    }

    /// <summary>Each key has exactly one transfer (its description is the key), the one its client was told about.</summary>
    private async Task ShouldEachBeAppliedOnceAsync(string database, ConcurrentDictionary<string, Outcome> outcomes)
    {
        var applied = await AppliedOnce.ShouldMatchAsync(
            database, KeyPrefix, outcomes.ToDictionary(p => p.Key, p => p.Value.TransactionId ?? Guid.Empty, StringComparer.Ordinal));
        await using var connection = new NpgsqlConnection(Unpooled(database));
        await connection.OpenAsync();
        var keys = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key LIKE 'outage-%' AND outcome IS NOT NULL");
        keys.ShouldBe(outcomes.Count, "one completed idempotency key per intended transfer");
        output.WriteLine($"database: {applied} transfers for {outcomes.Count} keys");
    }

    /// <summary>
    /// One client: intended transfers one after another, each with its own key, retried with the same key after a 503,
    /// a 409 <c>idempotency_in_progress</c> or a broken connection until the answer is definitive (201 or another 4xx).
    /// </summary>
    private async Task RunClientAsync(
        ApiProcess api,
        int client,
        (TestUser User, Guid From, Guid To) sender,
        ConcurrentBag<Attempt> attempts,
        ConcurrentDictionary<string, Outcome> outcomes,
        CancellationToken stop)
    {
        using var http = api.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(10);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{client}-{n}");
            var body = new { fromAccountId = sender.From, toAccountId = sender.To, asset = "USD", amount = "1.00", description = key };
            var began = Now;
            var replayed = false;
            while (true)
            {
                var attempt = await SendAsync(http, sender.User, body, key);
                attempts.Add(attempt);
                replayed |= attempt.Replayed;
                var transient = attempt.Status is 0 or 503 || (attempt.Status == 409 && attempt.Code == "idempotency_in_progress");
                if (!transient)
                {
                    outcomes[key] = new Outcome(attempt.Status, attempt.TransactionId, replayed);
                    break;
                }

                if (Now - began > GiveUpOnTransfer.TotalMilliseconds)
                {
                    outcomes[key] = new Outcome(-1, null, replayed);
                    break;
                }

                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    /// <summary>A client reading balances all along: reads must fail as fast and as cleanly as writes.</summary>
    private async Task RunReaderAsync(ApiProcess api, TestUser user, Guid account, ConcurrentBag<Attempt> attempts, CancellationToken stop)
    {
        using var http = api.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(10);
        while (!stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/accounts/{account}/balances");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
            attempts.Add(await ExchangeAsync(http, request, "read"));
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private async Task<Attempt> SendAsync(HttpClient http, TestUser user, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions/transfer") { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        request.Headers.Add("Idempotency-Key", key);
        return await ExchangeAsync(http, request, key);
    }

    private async Task<Attempt> ExchangeAsync(HttpClient http, HttpRequestMessage request, string key)
    {
        var start = Now;
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var end = Now;
            var json = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null;
            var status = (int)response.StatusCode;
            return new Attempt(
                key,
                start,
                end,
                status,
                status >= 400 ? json?["code"]?.GetValue<string>() : null,
                response.Headers.RetryAfter is not null,
                response.Headers.Contains("Idempotent-Replayed"),
                status == 201 && json?["id"]?.GetValue<string>() is { } id ? Guid.Parse(id) : null,
                status >= 500 ? text : null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new Attempt(key, start, Now, 0, null, false, false, null, exception.GetType().Name + ": " + exception.Message);
        }
    }

    private async Task ProbeReadinessAsync(ApiProcess api, ConcurrentBag<Probe> probes, CancellationToken stop)
    {
        using var http = api.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(10);
        while (!stop.IsCancellationRequested)
        {
            var start = Now;
            int status;
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), CancellationToken.None);
                status = (int)response.StatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }

            probes.Add(new Probe(start, Now, status));
            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Milliseconds since the test began.</summary>
    private double Now => clock.Elapsed.TotalMilliseconds;

    private static double OutageSeconds() =>
        double.TryParse(Environment.GetEnvironmentVariable("PT_OUTAGE_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? Math.Min(seconds, 20)
            : 3;

    private static int ClientOf(string key) => int.Parse(key[KeyPrefix.Length..key.IndexOf('-', KeyPrefix.Length)], CultureInfo.InvariantCulture);

    private static string StatusName(int status) => status == 0 ? "no answer" : status.ToString(CultureInfo.InvariantCulture);

    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private sealed record Attempt(string Key, double Start, double End, int Status, string? Code, bool RetryAfter, bool Replayed, Guid? TransactionId, string? Error)
    {
        public double Latency => End - Start;

        public override string ToString() =>
            FormattableString.Invariant($"{Key} at {Start:0} ms: {StatusName(Status)} {Code} in {Latency:0} ms, Retry-After {RetryAfter} {Error}");
    }

    private sealed record Probe(double Start, double End, int Status);

    private sealed record Outcome(int Status, Guid? TransactionId, bool Replayed);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Dapper;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Concurrency;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Shutdown;
using PortfolioTracker.Api.IntegrationTests.Streaming;
using Xunit.Abstractions;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// Issue 9: SIGTERM under load. The API as a real process (shutdown timeout 15 s) on a fresh database of the shared
/// server; 50 SSE price streams, 10 SSE portfolio streams and 20 WebSockets open; 32 clients (half on a kept-alive
/// connection, half with a new connection per request) send credits, debits, transfers (each with its own
/// Idempotency-Key, its description the key), reads and one-tick price streams in a closed loop for
/// <c>PT_SHUTDOWN_LOAD_SECONDS</c> (default 3; build/reliability.sh: 10), then SIGTERM while they keep sending until their connection is refused. Every answer
/// must be a success, every stream must end cleanly (an event stream's response completes, a WebSocket gets 1001),
/// the process must exit 0 within the timeout. Then a new process on the same database gets every write that had no
/// answer again, same key, same body: none may come back as a replay — a replay would be a request the first process
/// applied but never answered. At the end every intended write is applied exactly once and the ledger's invariants
/// hold.
/// </summary>
public sealed class ShutdownUnderLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 32;
    private const int Users = 4;
    private const int AccountsPerUser = 3;
    private const int PriceStreams = 50;
    private const int PortfolioStreams = 10;
    private const int Sockets = 20;
    private const int ShutdownTimeoutSeconds = 15;
    private const decimal Funding = 1_000_000m;
    private const string KeyPrefix = "shutload-";

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Sent> sent = new();
    private readonly TaskCompletionSource<double> signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string database = string.Empty;

    public async Task InitializeAsync() =>
        database = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync("pt_shutload")) { MaxPoolSize = 5 }.ConnectionString;

    public async Task DisposeAsync() => await PostgresServer.DropDatabaseAsync(database);

    [Fact]
    public async Task SigtermUnderLoad_AnswersOrRefusesEveryRequest_EndsEveryStream_ExitsZero_AndLosesNoAcceptedWrite()
    {
        var load = TimeSpan.FromSeconds(LoadSeconds());
        var settings = new Dictionary<string, string?>
        {
            ["Shutdown:TimeoutSeconds"] = ShutdownTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["Jwt:AccessTokenMinutes"] = "240",
        };
        var accounts = new List<(Guid Id, TestUser Owner)>();
        var exitCode = -1;
        double exitedAfter;
        StreamEnd[] streamEnds;
        var inFlightAtSignal = 0;
        await using (var first = await ApiProcess.StartAsync(ApiConnectionString(), settings))
        {
            using var setup = first.CreateClient();
            for (var u = 0; u < Users; u++)
            {
                var user = await setup.RegisterAndLoginAsync($"shutload{u}");
                for (var a = 0; a < AccountsPerUser; a++)
                {
                    var id = await setup.OpenAccountAsync(user, $"shutload{a}");
                    accounts.Add((id, user));
                    var credit = new { accountId = id, asset = "USD", amount = Funding.ToString("0.00", CultureInfo.InvariantCulture), description = "funding" };
                    (await setup.SendAsync(user, "/api/v1/transactions/credit", credit, $"fund-{id}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
                }
            }

            // The streams, each open (its first event or answer received) before the load starts.
            using var streamClient = first.CreateClient();
            streamClient.Timeout = Timeout.InfiniteTimeSpan;
            var streamsOpen = await Task.WhenAll(
                Enumerable.Range(0, PriceStreams)
                    .Select(i => OpenSseAsync(streamClient, "price SSE", accounts[i % accounts.Count].Owner, "/api/v1/prices/stream?coins=bitcoin,ethereum&interval=1"))
                    .Concat(Enumerable.Range(0, PortfolioStreams)
                        .Select(i => OpenSseAsync(streamClient, "portfolio SSE", accounts[i % accounts.Count].Owner, "/api/v1/portfolio/stream?interval=1")))
                    .Concat(Enumerable.Range(0, Sockets).Select(i => OpenSocketAsync(first, accounts[i % accounts.Count].Owner, i))))
                .WaitAsync(TimeSpan.FromSeconds(90));
            var streams = streamsOpen.Select(open => Task.Run(open)).ToArray();

            // The load, then SIGTERM while it goes on.
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => RunWorkerAsync(first, w, accounts))).ToArray();
            await Task.Delay(load);
            streams.Where(s => s.IsCompleted).ShouldBeEmpty("no stream ended before SIGTERM");
            var signalAt = Now;
            first.Terminate();
            signalled.SetResult(signalAt);
            exitCode = await first.WaitForExitAsync(TimeSpan.FromSeconds(ShutdownTimeoutSeconds + 30));
            exitedAfter = Now - signalAt;
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
            streamEnds = await Task.WhenAll(streams).WaitAsync(TimeSpan.FromSeconds(60));
            inFlightAtSignal = sent.Count(s => s.Start < signalAt && s.End > signalAt);

            exitCode.ShouldBe(0, first.Tail());
            first.Output.ShouldContain("Every request in flight finished", customMessage: first.Tail());
            first.Output.ShouldNotContain("fail:", customMessage: first.Tail());
        }

        // A new process on the same database; every write without an answer again, with its key and body.
        var unanswered = sent.Where(s => s.Outcome.Status is null && s.Write is not null).ToList();
        var retries = new List<(Sent Original, RequestOutcome Retry)>();
        await using (var second = await ApiProcess.StartAsync(ApiConnectionString(), settings))
        {
            using var http = second.CreateClient();
            foreach (var original in unanswered)
            {
                using var request = ShutdownClient.Post(original.Write!.Owner, original.Write.Path, original.Write.Body, original.Write.Key);
                retries.Add((original, await ShutdownClient.SendAsync(http, request)));
            }
        }

        // Figures.
        var all = sent.ToArray();
        var signal = await signalled.Task;
        output.WriteLine(FormattableString.Invariant(
            $"{load.TotalSeconds:0.#} s of load before SIGTERM, {Workers} clients (half on kept-alive connections, half with a connection per request), {accounts.Count} accounts of {Users} users, shutdown timeout {ShutdownTimeoutSeconds} s"));
        output.WriteLine(FormattableString.Invariant(
            $"requests: {all.Length} ({all.Count(s => s.Write is not null)} writes, {all.Count(s => s.Write is null)} reads), {all.Count(s => s.Start >= signal)} sent after SIGTERM, {inFlightAtSignal} in flight at SIGTERM"));
        output.WriteLine("by kind: " + Tally(all, s => s.Kind));
        output.WriteLine("answered: " + Tally(all.Where(s => s.Outcome.Status is not null), s => s.Outcome.Status!.Value.ToString(CultureInfo.InvariantCulture))
            + $"; refused: {all.Count(s => s.Outcome.Refused)}; no response: {all.Count(s => s.Outcome.Status is null && !s.Outcome.Refused)}"
            + (all.Any(s => s.Outcome.Status is null && !s.Outcome.Refused) ? " (" + Tally(all.Where(s => s.Outcome.Status is null && !s.Outcome.Refused), s => s.Outcome.Failure!) + ")" : string.Empty));
        output.WriteLine($"answered after SIGTERM (in flight or on a kept-alive connection): {all.Count(s => s.End > signal && s.Outcome.Status is not null)}");
        output.WriteLine($"streams open at SIGTERM: {streamEnds.Length} — " + Tally(streamEnds, e => $"{e.Kind} {e.How}"));
        output.WriteLine(FormattableString.Invariant(
            $"streams ended {(streamEnds.Length == 0 ? 0 : streamEnds.Max(e => e.At) - signal):0} ms after SIGTERM at the latest; the process exited after {exitedAfter:0} ms with code {exitCode}"));
        output.WriteLine($"writes without an answer retried on a new process: {retries.Count} ({retries.Count(r => r.Original.Outcome.Refused)} refused, "
            + $"{retries.Count(r => !r.Original.Outcome.Refused)} no response); retries answered: "
            + Tally(retries, r => r.Retry.Status is { } s ? s.ToString(CultureInfo.InvariantCulture) : "no answer")
            + $"; replays (applied but unanswered): {retries.Count(r => r.Retry.Replayed)}");

        // What the clients saw.
        all.Where(s => s.Outcome.Status is not null and not (200 or 201)).Select(s => $"{s.Kind} {s.Write?.Key}: {s.Outcome}")
            .ShouldBeEmpty("every answer is a success (no 5xx)");
        all.Where(s => s.Outcome.Status is null && s.End < signal).Select(s => $"{s.Kind} {s.Write?.Key}: {s.Outcome}")
            .ShouldBeEmpty("no request failed before SIGTERM");
        inFlightAtSignal.ShouldBeGreaterThan(0, "requests were in flight at SIGTERM");
        Enumerable.Range(0, Workers).Where(w => !all.Any(s => s.Worker == w && s.Outcome.Refused)).ShouldBeEmpty("every client sent until refused");
        streamEnds.Where(e => e.How != (e.Kind == "WebSocket" ? "closed EndpointUnavailable" : "completed")).Select(e => e.ToString())
            .ShouldBeEmpty("every event stream completes, every WebSocket is closed with 1001");
        exitedAfter.ShouldBeLessThan(ShutdownTimeoutSeconds * 1000, "ms from SIGTERM to exit, within the shutdown timeout");

        // No accepted write lost: none of those without an answer had been applied; each is applied now, once.
        retries.Where(r => r.Retry.Status != 201).Select(r => $"{r.Original.Write!.Key}: {r.Retry}").ShouldBeEmpty("every retried write applied");
        retries.Where(r => r.Retry.Replayed).Select(r => $"{r.Original.Write!.Key} ({r.Original.Outcome}): {r.Retry}")
            .ShouldBeEmpty("writes applied by the stopped process but never answered");
        var applied = all.Where(s => s.Write is not null && s.Outcome.Status == 201).ToDictionary(s => s.Write!.Key, s => s.Outcome.TransactionId!.Value, StringComparer.Ordinal);
        foreach (var (original, retry) in retries)
        {
            applied.Add(original.Write!.Key, retry.TransactionId!.Value);
        }

        var writes = all.Where(s => s.Write is not null).ToList();
        applied.Count.ShouldBe(writes.Count, "every intended write was applied");
        var stored = await AppliedOnce.ShouldMatchAsync(database, KeyPrefix, applied);
        await LedgerInvariants.ShouldAllHoldAsync(Unpooled(database));
        await ShouldHoldTheIntendedBalancesAsync(accounts, writes.Select(s => s.Write!));
        output.WriteLine($"ledger: {stored} transactions for {writes.Count} intended writes, each applied once; balances as intended; invariants hold");
    }

    /// <summary>Each account's USD balance is its funding plus the effects of the intended writes.</summary>
    private async Task ShouldHoldTheIntendedBalancesAsync(List<(Guid Id, TestUser Owner)> accounts, IEnumerable<Write> writes)
    {
        var expected = accounts.ToDictionary(a => a.Id, _ => Funding);
        foreach (var write in writes)
        {
            expected[write.Account] += write.Kind == "credit" ? write.Amount : -write.Amount;
            if (write.Target is { } target)
            {
                expected[target] += write.Amount;
            }
        }

        await using var connection = new NpgsqlConnection(Unpooled(database));
        await connection.OpenAsync();
        var actual = (await connection.QueryAsync<(Guid Account, decimal Amount)>(
            "SELECT account_id, amount FROM balances WHERE asset = 'USD' AND account_id = ANY(@ids)", new { ids = expected.Keys.ToArray() }))
            .ToDictionary(b => b.Account, b => b.Amount);
        foreach (var (account, amount) in expected)
        {
            actual.GetValueOrDefault(account).ShouldBe(amount, $"the USD balance of {account}");
        }
    }

    /// <summary>
    /// One client: writes and reads one after another until a connection is refused; even clients keep their
    /// connection alive, odd ones open one per request (so some connect while the listening socket closes).
    /// </summary>
    private async Task RunWorkerAsync(ApiProcess api, int worker, List<(Guid Id, TestUser Owner)> accounts)
    {
        var keepAlive = worker % 2 == 0;
        using var http = api.CreateClient(reuseConnections: keepAlive);
        http.Timeout = TimeSpan.FromSeconds(ShutdownTimeoutSeconds + 30);
        var random = new Random(worker);
        for (var n = 0; ; n++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{worker}-{n}");
            var (account, owner) = accounts[random.Next(accounts.Count)];
            var amount = random.Next(1, 1000) / 100m;
            var text = amount.ToString("0.00", CultureInfo.InvariantCulture);
            var roll = random.Next(100);
            Write? write = roll switch
            {
                < 20 => new Write(key, "credit", owner, "/api/v1/transactions/credit", new { accountId = account, asset = "USD", amount = text, description = key }, account, null, amount),
                < 35 => new Write(key, "debit", owner, "/api/v1/transactions/debit", new { accountId = account, asset = "USD", amount = text, description = key }, account, null, amount),
                < 65 => Transfer(key, owner, account, Other(random, accounts, account), amount, text),
                _ => null,
            };
            var path = roll switch
            {
                < 72 => "/api/v1/prices/stream?coins=bitcoin&maxUpdates=1",
                < 88 => $"/api/v1/accounts/{account}/balances",
                _ => "/api/v1/transactions?limit=20",
            };
            using var request = write is null ? ShutdownClient.Get(owner, path) : ShutdownClient.Post(owner, write.Path, write.Body, write.Key);
            request.Headers.ConnectionClose = !keepAlive;
            var start = Now;
            var outcome = await ShutdownClient.SendAsync(http, request);
            sent.Enqueue(new Sent(worker, write?.Kind ?? (roll < 72 ? "short stream" : "read"), write, start, Now, outcome));
            if (outcome.Refused || (signalled.Task.IsCompleted && Now - await signalled.Task > 60_000))
            {
                return;
            }
        }
    }

    private static Write Transfer(string key, TestUser owner, Guid from, Guid to, decimal amount, string text) =>
        new(key, "transfer", owner, "/api/v1/transactions/transfer", new { fromAccountId = from, toAccountId = to, asset = "USD", amount = text, description = key }, from, to, amount);

    /// <summary>Opens an event stream and reads its first event; returns what reads it to its end.</summary>
    private async Task<Func<Task<StreamEnd>>> OpenSseAsync(HttpClient client, string kind, TestUser user, string url)
    {
        var reader = await SseReader.OpenAsync(client, url, user.AccessToken);
        reader.Response.IsSuccessStatusCode.ShouldBeTrue($"{kind} {url}: {(int)reader.Response.StatusCode}");
        (await reader.NextAsync(TimeSpan.FromSeconds(60))).ShouldNotBeNull($"the first event of {kind}");
        return async () =>
        {
            await using var owned = reader;
            try
            {
                while (await reader.NextAsync(TimeSpan.FromSeconds(LoadSeconds() + 120)) is not null)
                {
                }

                return new StreamEnd(kind, "completed", Now);
            }
            catch (OperationCanceledException)
            {
                return new StreamEnd(kind, "not ended", Now);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                return new StreamEnd(kind, $"broken ({exception.GetType().Name}: {exception.Message})", Now);
            }
        };
    }

    /// <summary>Connects a WebSocket and follows a price (its <c>subscribed</c> answer received); returns what waits for its close.</summary>
    private async Task<Func<Task<StreamEnd>>> OpenSocketAsync(ApiProcess api, TestUser user, int n)
    {
        var socket = await ShutdownClient.ConnectSocketAsync(api, user);
        var subscribe = Encoding.UTF8.GetBytes($$"""{"action":"subscribe","coins":["bitcoin"],"id":"s{{n}}"}""");
        await socket.SendAsync(subscribe, WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await socket.ReceiveAsync(buffer, timeout.Token);
        Encoding.UTF8.GetString(buffer, 0, first.Count).ShouldContain("\"subscribed\"");
        return async () =>
        {
            using var owned = socket;
            try
            {
                var status = await ShutdownClient.ReceiveCloseAsync(socket, TimeSpan.FromSeconds(LoadSeconds() + 120));
                var at = Now;
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return new StreamEnd("WebSocket", $"closed {status}", at);
            }
            catch (OperationCanceledException)
            {
                return new StreamEnd("WebSocket", "not closed", Now);
            }
            catch (WebSocketException exception)
            {
                return new StreamEnd("WebSocket", $"broken ({exception.WebSocketErrorCode}: {exception.Message})", Now);
            }
        };
    }

    /// <summary>Milliseconds since the test began.</summary>
    private double Now => clock.Elapsed.TotalMilliseconds;

    private string ApiConnectionString() => new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 60 }.ConnectionString;

    private static string Tally<T>(IEnumerable<T> items, Func<T, string> name) =>
        string.Join(", ", items.GroupBy(name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));

    private static Guid Other(Random random, List<(Guid Id, TestUser Owner)> accounts, Guid account)
    {
        while (true)
        {
            var other = accounts[random.Next(accounts.Count)].Id;
            if (other != account)
            {
                return other;
            }
        }
    }

    private static double LoadSeconds() =>
        double.TryParse(Environment.GetEnvironmentVariable("PT_SHUTDOWN_LOAD_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? Math.Min(seconds, 600)
            : 3;

    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <summary>An intended write: its key (also its description), request and effect on the USD balances.</summary>
    private sealed record Write(string Key, string Kind, TestUser Owner, string Path, object Body, Guid Account, Guid? Target, decimal Amount);

    /// <summary>One request a client sent: when, and what became of it.</summary>
    private sealed record Sent(int Worker, string Kind, Write? Write, double Start, double End, RequestOutcome Outcome);

    /// <summary>How a stream ended, and when (ms since the test began).</summary>
    private sealed record StreamEnd(string Kind, string How, double At);
}

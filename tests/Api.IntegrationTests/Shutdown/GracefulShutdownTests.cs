using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Shutdown;

/// <summary>
/// SIGTERM to the real API process while it is busy. To have requests truly in flight when the signal comes, the test
/// holds a row lock on the balances that the EUR credits need: those requests are inside the API, waiting on
/// PostgreSQL, for as long as the test wants.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private const int HeldCredits = 40;
    private const int FreeCredits = 60;
    private const int Transfers = 50;
    private const int Reads = 50;
    private const string LoadTag = "shutdown-load";

    private string database = string.Empty;

    public async Task InitializeAsync() =>
        database = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync("pt_shutdown")) { MaxPoolSize = 5 }.ConnectionString;

    public async Task DisposeAsync() => await PostgresServer.DropDatabaseAsync(database);

    [Fact]
    public async Task Sigterm_FinishesRequestsInFlight_RefusesNewConnections_EndsStreams_AndExitsZero()
    {
        await using var api = await ApiProcess.StartAsync(ApiConnectionString(), new Dictionary<string, string?> { ["Shutdown:TimeoutSeconds"] = "20" });
        using var client = api.CreateClient();
        var user = await client.RegisterAndLoginAsync("shutdown");
        var held = await OpenAccountAsync(client, user);
        var source = await OpenAccountAsync(client, user);
        var target = await OpenAccountAsync(client, user);
        (await CreditAsync(client, user, held, "EUR", "1.00", "setup")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await CreditAsync(client, user, source, "USD", "1000.00", "setup")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await using var stream = await SseReader.OpenAsync(client, "/api/v1/prices/stream?coins=bitcoin&interval=60", user.AccessToken);
        (await stream.NextAsync(TimeSpan.FromSeconds(20))).ShouldNotBeNull("the stream's first event");
        using var socket = await ShutdownClient.ConnectSocketAsync(api, user);

        // The EUR balances of the world and of 'held' are locked: every EUR credit waits inside the API.
        await using var blocker = await BalanceLock.TakeAsync(database, held, "EUR");
        using var load = api.CreateClient(reuseConnections: false);
        var requests = new List<(string Kind, Task<RequestOutcome> Outcome)>();
        for (var i = 0; i < HeldCredits + FreeCredits + Transfers + Reads; i++)
        {
            var n = i;
            requests.Add(n switch
            {
                < HeldCredits => ("held credit", Run(load, () => Credit(user, held, "EUR", "0.01", $"{LoadTag}-{n}"))),
                < HeldCredits + FreeCredits => ("credit", Run(load, () => Credit(user, target, "USD", "2.00", $"{LoadTag}-{n}"))),
                < HeldCredits + FreeCredits + Transfers => ("transfer", Run(load, () => Transfer(user, source, target, "1.00", $"{LoadTag}-{n}"))),
                _ => ("read", Run(load, () => Get(user, n % 2 == 0 ? $"/api/v1/accounts/{source}/balances" : "/api/v1/transactions?limit=20"))),
            });
        }

        await blocker.WaitForWaitersAsync(HeldCredits, TimeSpan.FromSeconds(60));
        var signalled = Stopwatch.StartNew();
        api.Terminate();

        // Streams end at once, cleanly (an event stream's response completes; a reset would throw here).
        (await stream.NextAsync(TimeSpan.FromSeconds(10))).ShouldBeNull("the event stream ends when the server stops");
        var close = await ShutdownClient.ReceiveCloseAsync(socket, TimeSpan.FromSeconds(10));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        close.ShouldBe(WebSocketCloseStatus.EndpointUnavailable, "a WebSocket is closed with 1001");

        // New connections are refused while the held requests are still being served.
        await RefusedSoonAsync(api.BaseAddress, TimeSpan.FromSeconds(10));
        var late = await Run(load, () => Get(user, "/api/v1/users/me"));
        late.Error.ShouldBe(SocketError.ConnectionRefused, $"a request after SIGTERM is refused ({late})");
        api.HasExited.ShouldBeFalse("the process waits for the requests in flight");
        requests.Where(r => r.Kind == "held credit").ShouldAllBe(r => !r.Outcome.IsCompleted, "the held credits are still in flight");

        await blocker.ReleaseAsync();
        var outcomes = await Task.WhenAll(requests.Select(r => r.Outcome)).WaitAsync(TimeSpan.FromSeconds(30));
        var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(30));

        exitCode.ShouldBe(0, api.Tail());
        signalled.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "within the shutdown timeout");
        api.Output.ShouldContain("Every request in flight finished", customMessage: api.Tail());
        var failures = requests.Zip(outcomes)
            .Where(r => r.Second.Status is null ? r.Second.Error != SocketError.ConnectionRefused : r.Second.Status >= 300)
            .Select(r => $"{r.First.Kind}: {r.Second}")
            .ToList();
        failures.ShouldBeEmpty("every request the server accepted succeeds; one it did not accept can only have been refused");
        outcomes.Take(HeldCredits).ShouldAllBe(o => o.Status == 201, "the credits in flight at SIGTERM all completed");

        // The ledger holds exactly the transactions answered with 201.
        var created = outcomes.Where(o => o.Status == 201).Select(o => o.TransactionId!.Value).Order().ToList();
        (await LoadTransactionsAsync()).ShouldBe(created, "every 201 is in the database, and nothing else");
        var credits = outcomes.Skip(HeldCredits).Take(FreeCredits).Count(o => o.Status == 201);
        var transfers = outcomes.Skip(HeldCredits + FreeCredits).Take(Transfers).Count(o => o.Status == 201);
        (await BalanceAsync(target, "USD")).ShouldBe((credits * 2m) + transfers);
        (await BalanceAsync(source, "USD")).ShouldBe(1000m - transfers);
        (await BalanceAsync(held, "EUR")).ShouldBe(1m + (HeldCredits * 0.01m));
    }

    [Fact]
    public async Task Sigterm_WhenARequestOutlastsTheTimeout_AbortsIt_RollsItBack_AndStillExits()
    {
        await using var api = await ApiProcess.StartAsync(ApiConnectionString(), new Dictionary<string, string?> { ["Shutdown:TimeoutSeconds"] = "2" });
        using var client = api.CreateClient();
        var user = await client.RegisterAndLoginAsync("shutdown");
        var held = await OpenAccountAsync(client, user);
        (await CreditAsync(client, user, held, "EUR", "1.00", "setup")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await using var blocker = await BalanceLock.TakeAsync(database, held, "EUR");
        var stuck = Run(client, () => Credit(user, held, "EUR", "5.00", $"{LoadTag}-stuck"));
        await blocker.WaitForWaitersAsync(1, TimeSpan.FromSeconds(30));

        api.Terminate();
        var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(15));

        exitCode.ShouldBe(0, api.Tail());
        blocker.IsHeld.ShouldBeTrue("the process exited while the request was still blocked: the timeout cut it off");
        api.Output.ShouldContain("The shutdown timeout (2 s) elapsed", customMessage: api.Tail());
        var outcome = await stuck.WaitAsync(TimeSpan.FromSeconds(10));
        outcome.Status.ShouldBeNull($"the aborted request gets no response ({outcome})");
        await blocker.ReleaseAsync();
        (await LoadTransactionsAsync()).ShouldBeEmpty("the aborted credit rolled back");
        (await BalanceAsync(held, "EUR")).ShouldBe(1m);
    }

    private string ApiConnectionString() =>
        new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 80 }.ConnectionString;

    private static HttpRequestMessage Credit(TestUser user, Guid account, string asset, string amount, string description) =>
        Post(user, "/api/v1/transactions/credit", new { accountId = account, asset, amount, description });

    private static HttpRequestMessage Transfer(TestUser user, Guid from, Guid to, string amount, string description) =>
        Post(user, "/api/v1/transactions/transfer", new { fromAccountId = from, toAccountId = to, asset = "USD", amount, description });

    private static HttpRequestMessage Post(TestUser user, string url, object body) =>
        ShutdownClient.Post(user, url, body, $"key-{Guid.NewGuid():N}");

    private static HttpRequestMessage Get(TestUser user, string url) => ShutdownClient.Get(user, url);

    /// <summary>Sends the request on a connection of its own and records what became of it.</summary>
    private static Task<RequestOutcome> Run(HttpClient client, Func<HttpRequestMessage> create) => Task.Run(async () =>
    {
        using var request = create();
        request.Headers.ConnectionClose = true;
        return await ShutdownClient.SendAsync(client, request);
    });

    private static async Task<HttpResponseMessage> CreditAsync(HttpClient client, TestUser user, Guid account, string asset, string amount, string description)
    {
        using var request = Credit(user, account, asset, amount, description);
        return await client.SendAsync(request);
    }

    private static async Task<Guid> OpenAccountAsync(HttpClient client, TestUser user)
    {
        var body = await (await client.PostJsonAsync("/api/v1/accounts", new { name = $"shutdown {Guid.NewGuid():N}"[..30] }, user.AccessToken)).ShouldBeAsync(201);
        return Guid.Parse(body.Str("id"));
    }

    /// <summary>Waits until a new TCP connection to the API is refused (the listening socket is closed).</summary>
    private static async Task RefusedSoonAsync(Uri address, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(address.Host, address.Port);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return;
            }

            watch.Elapsed.ShouldBeLessThan(timeout, "new connections are refused soon after SIGTERM");
            await Task.Delay(50);
        }
    }

    private async Task<List<Guid>> LoadTransactionsAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM transactions WHERE description LIKE @tag ORDER BY id", connection);
        command.Parameters.AddWithValue("tag", $"{LoadTag}-%");
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task<decimal> BalanceAsync(Guid account, string asset)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COALESCE((SELECT amount FROM balances WHERE account_id = @account AND asset = @asset), 0)", connection);
        command.Parameters.AddWithValue("account", account);
        command.Parameters.AddWithValue("asset", asset);
        return (decimal)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// A transaction holding <c>FOR UPDATE</c> locks on an asset's balance of an account and of the world (a credit
    /// locks both, in account order), so that writes to them wait inside the API.
    /// </summary>
    private sealed class BalanceLock : IAsyncDisposable
    {
        private readonly NpgsqlConnection connection;
        private readonly NpgsqlTransaction transaction;
        private readonly string connectionString;
        private readonly long transactionId;
        private readonly List<(int Page, int Tuple)> rows;

        private BalanceLock(NpgsqlConnection connection, NpgsqlTransaction transaction, string connectionString, long transactionId, List<(int, int)> rows)
        {
            this.connection = connection;
            this.transaction = transaction;
            this.connectionString = connectionString;
            this.transactionId = transactionId;
            this.rows = rows;
        }

        public bool IsHeld { get; private set; } = true;

        public static async Task<BalanceLock> TakeAsync(string connectionString, Guid account, string asset)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            var rows = new List<(int, int)>();
            await using (var command = new NpgsqlCommand(
                """
                SELECT (b.ctid::text::point)[0]::int, (b.ctid::text::point)[1]::int
                FROM balances b JOIN accounts a ON a.id = b.account_id
                WHERE b.asset = @asset AND (b.account_id = @account OR a.is_world)
                ORDER BY b.account_id
                FOR UPDATE OF b
                """,
                connection,
                transaction))
            {
                command.Parameters.AddWithValue("asset", asset);
                command.Parameters.AddWithValue("account", account);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
                }
            }

            rows.Count.ShouldBe(2, "the account's and the world's balance exist");
            await using var xid = new NpgsqlCommand("SELECT txid_current()", connection, transaction);
            var transactionId = (long)(await xid.ExecuteScalarAsync())!;
            return new BalanceLock(connection, transaction, connectionString, transactionId, rows);
        }

        /// <summary>Waits until <paramref name="count"/> sessions wait for these locks.</summary>
        public async Task WaitForWaitersAsync(int count, TimeSpan timeout)
        {
            await using var monitor = new NpgsqlConnection(connectionString);
            await monitor.OpenAsync();
            var pages = rows.Select(r => r.Page).ToArray();
            var tuples = rows.Select(r => r.Tuple).ToArray();
            var watch = Stopwatch.StartNew();
            var waiting = 0L;
            while (watch.Elapsed < timeout)
            {
                // The first waiter holds the row's tuple lock and waits for our transaction; the others wait for the
                // tuple lock: together, one ungranted lock per waiting session.
                await using var command = new NpgsqlCommand(
                    """
                    SELECT
                        (SELECT count(*) FROM pg_locks
                         WHERE NOT granted AND locktype = 'tuple' AND relation = 'balances'::regclass
                           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                           AND (page, tuple) IN (SELECT * FROM unnest(@pages::int[], @tuples::int[])))
                      + (SELECT count(*) FROM pg_locks
                         WHERE NOT granted AND locktype = 'transactionid' AND transactionid::text = @xid)
                    """,
                    monitor);
                command.Parameters.AddWithValue("pages", pages);
                command.Parameters.AddWithValue("tuples", tuples);
                command.Parameters.AddWithValue("xid", transactionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                waiting = (long)(await command.ExecuteScalarAsync())!;
                if (waiting >= count)
                {
                    return;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"Only {waiting} of {count} requests came to wait for the locked balances within {timeout.TotalSeconds} s.");
        }

        public async Task ReleaseAsync()
        {
            if (IsHeld)
            {
                IsHeld = false;
                await transaction.RollbackAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Concurrency;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;
using Xunit.Abstractions;

namespace PortfolioTracker.Api.IntegrationTests.Portfolio;

/// <summary>
/// Regression (issue 9, the hour-long soak): the portfolio replayed the owner's whole cost history, and read it whole
/// first — every request allocated arrays in proportion to the history, on the large-object heap once past a few
/// thousand events. After an hour of load (25,000 events a user) the API's heap stood at 2.6 GB and RSS at 3.2 GB. The
/// events are now streamed and replayed a transaction at a time.
/// </summary>
public sealed class PortfolioLongHistoryTests(ApiFactory factory, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private const int Transfers = 20_000;

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Portfolio_OverALongHistory_IsExact_AndNeverHoldsTheHistoryInALargeArray()
    {
        var user = await client.RegisterAndLoginAsync("history");
        var spot = await LedgerClient.OpenAccountAsync(client, user, "spot");
        var savings = await LedgerClient.OpenAccountAsync(client, user, "savings");
        await (await client.PostJsonAsync(
            "/api/v1/transactions/credit", new { accountId = spot, asset = "BTC", amount = "1", price = "50000" }, user.AccessToken)).ShouldBeAsync(201);
        await MoveBackAndForthAsync(spot, savings, Transfers);

        using var large = new LargeAllocations();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var portfolio = await (await client.GetAsync("/api/v1/portfolio", user.AccessToken)).ShouldBeAsync(200);
        output.WriteLine($"GET /portfolio over {2 * Transfers} cost events: {clock.ElapsedMilliseconds} ms (first request: JIT included)");
        clock.Restart();
        await (await client.GetAsync("/api/v1/portfolio", user.AccessToken)).ShouldBeAsync(200);
        output.WriteLine($"again: {clock.ElapsedMilliseconds} ms");

        // 20,000 transfers of 1 satoshi between the owner's accounts (40,000 cost events): the cost moves with the units.
        var btc = portfolio["holdings"]!.AsArray().Single(h => h!.Str("asset") == "BTC")!;
        btc.Str("quantity").ShouldBe("1.00000000");
        btc.Str("costBasis").ShouldBe("50000.00");
        btc.Str("averageCost").ShouldBe("50000.00");
        large.Types.Where(t => t.Contains("CostEvent", StringComparison.Ordinal) || t.Contains("PortfolioQueries", StringComparison.Ordinal))
            .ShouldBeEmpty("large arrays of the cost history were allocated");
        await LedgerInvariants.ShouldAllHoldAsync(factory.ConnectionString);
    }

    /// <summary>
    /// <paramref name="count"/> completed transfers of 0.00000001 BTC, alternately from and back to <paramref name="from"/>,
    /// written in SQL with the ledger's invariants kept (postings sum to zero, balance_after and entry_seq chains,
    /// balances = the sum of their postings), each effective a millisecond after the one before.
    /// </summary>
    private async Task MoveBackAndForthAsync(Guid from, Guid to, int count)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH moves AS (
                SELECT k, gen_random_uuid() AS tx, b.updated_at + make_interval(secs => k / 1000.0) AS at,
                       CASE WHEN k % 2 = 1 THEN @from ELSE @to END AS source, CASE WHEN k % 2 = 1 THEN @to ELSE @from END AS target
                FROM generate_series(1, @count) AS k, balances b
                WHERE b.account_id = @from AND b.asset = 'BTC'
            ), txs AS (
                INSERT INTO transactions (id, type, status, description, created_at, created_by, updated_at, version)
                SELECT tx, 'transfer', 'completed', NULL, at, (SELECT owner_id FROM accounts WHERE id = @from), at, 1 FROM moves
                RETURNING id
            )
            INSERT INTO postings (transaction_id, leg, account_id, asset, amount, balance_after, entry_seq, effective_at, created_at)
            SELECT m.tx, 0, m.source, 'BTC', -0.00000001,
                   CASE WHEN m.source = @from THEN 0.99999999 ELSE 0 END,
                   CASE WHEN m.source = @from THEN 1 + m.k ELSE m.k END, m.at, m.at
            FROM moves m
            UNION ALL
            SELECT m.tx, 1, m.target, 'BTC', 0.00000001,
                   CASE WHEN m.target = @from THEN 1 ELSE 0.00000001 END,
                   CASE WHEN m.target = @from THEN 1 + m.k ELSE m.k END, m.at, m.at
            FROM moves m;

            INSERT INTO balances (account_id, asset, amount, held, entry_count, allow_negative, updated_at)
            VALUES (@to, 'BTC', 0, 0, @count, false, now() + interval '1 minute')
            ON CONFLICT (account_id, asset) DO UPDATE SET entry_count = excluded.entry_count, updated_at = excluded.updated_at;
            UPDATE balances SET entry_count = 1 + @count, updated_at = now() + interval '1 minute' WHERE account_id = @from AND asset = 'BTC';
            """,
            connection);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The runtime's allocation ticks (one per ~100 KB allocated) that landed on the large-object heap, by type.</summary>
    private sealed class LargeAllocations : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;

        public ConcurrentQueue<string> Types { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true
                || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
            {
                return;
            }

            var kind = names.IndexOf("AllocationKind");
            var type = names.IndexOf("TypeName");
            if (kind >= 0 && type >= 0 && Convert.ToUInt32(payload[kind], System.Globalization.CultureInfo.InvariantCulture) == 1)
            {
                Types?.Enqueue(payload[type] as string ?? "?");
            }
        }
    }
}

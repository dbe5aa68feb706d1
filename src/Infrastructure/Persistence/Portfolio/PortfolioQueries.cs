using System.Data;
using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using PortfolioTracker.Application.Portfolio;

namespace PortfolioTracker.Infrastructure.Persistence.Portfolio;

internal sealed class PortfolioQueries(NpgsqlDataSource dataSource) : IPortfolioQueries
{
    private static readonly CommandSql.CountedText HoldingsSql = new(count =>
        $"""
        SELECT asset, sum(amount)
        FROM balances
        WHERE account_id IN ({CommandSql.Parameters(count, 1)}) AND NOT allow_negative
        GROUP BY asset
        HAVING sum(amount) <> 0
        ORDER BY asset
        """);

    public async Task<IReadOnlyList<HoldingRow>> HoldingsAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0)
        {
            return [];
        }

        // The accounts spelled out as parameters, one statement text per count: its generic plan is the good one, so
        // PostgreSQL plans it once per connection (an array parameter made it plan it afresh on every read; see
        // CommandSql). The cost events below stay planned per read on purpose (docs/performance.md).
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = CommandSql.Command(HoldingsSql.For(accountIds.Count), connection, null, [.. accountIds.Select(id => (object?)id)]);

        var rows = new List<HoldingRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new HoldingRow(reader.GetString(0), reader.GetDecimal(1)));
        }

        return rows;
    }

    public async IAsyncEnumerable<CostEvent> CostEventsAsync(
        IReadOnlyCollection<Guid> accountIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0)
        {
            yield break;
        }

        // Completed transactions only: a reversed one and its reversal cancel out. Postings of the same transaction on the
        // same account and asset are netted (a trade's fee and amount, for instance). Ordered by when the transaction
        // took effect (its earliest posting), so that its events arrive together; read row by row (unbuffered): the
        // history grows without bound, and materializing it made every portfolio request allocate in proportion to it
        // (an hour-long soak: 25,000 events per request, the heap at 2.6 GB of large-object fragments).
        // A plain Npgsql reader, not Dapper's QueryUnbufferedAsync: that one cancels its command when the enumeration
        // ends (the reader is still open then), and Npgsql sends each cancellation over a new connection, which the
        // PostgreSQL server forks a process for — measured: a third of the machine's CPU per portfolio read.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = CommandSql.Command(
            """
            SELECT min(p.effective_at), t.id, t.type, p.account_id, p.asset, sum(p.amount),
                   t.trade_side, t.trade_asset, t.trade_quote_asset, t.trade_total, t.unit_cost_price, t.unit_cost_asset
            FROM postings p
            JOIN transactions t ON t.id = p.transaction_id
            WHERE p.account_id = ANY($1) AND p.entry_seq IS NOT NULL AND t.status = 'completed' AND t.type <> 'reversal'
            GROUP BY t.id, p.account_id, p.asset
            HAVING sum(p.amount) <> 0
            ORDER BY min(min(p.effective_at)) OVER (PARTITION BY t.id), t.id, p.account_id, p.asset
            """,
            connection,
            null,
            accountIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new CostEvent(
                SqlTime.Utc(reader.GetDateTime(0)),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetGuid(3),
                reader.GetString(4),
                reader.GetDecimal(5),
                NullableString(reader, 6),
                NullableString(reader, 7),
                NullableString(reader, 8),
                NullableDecimal(reader, 9),
                NullableDecimal(reader, 10),
                NullableString(reader, 11));
        }
    }

    public async Task<IReadOnlyList<DailyHoldingRow>> DailyHoldingsAsync(
        IReadOnlyCollection<Guid> accountIds, DateTimeOffset fromDay, DateTimeOffset toDay, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0)
        {
            return [];
        }

        // For each day and each (account, asset) the scope ever held: the balance after the last posting before the
        // day ended; summed per asset.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DailyRow>(new CommandDefinition(
            """
            SELECT d.day AS Day, b.asset AS Asset, sum(coalesce(last.balance_after, 0)) AS Quantity
            FROM generate_series(@fromDay::timestamptz, @toDay::timestamptz, interval '1 day') AS d (day)
            CROSS JOIN (SELECT account_id, asset FROM balances WHERE account_id = ANY(@accounts) AND NOT allow_negative) b
            LEFT JOIN LATERAL (
                SELECT p.balance_after
                FROM postings p
                WHERE p.account_id = b.account_id AND p.asset = b.asset AND p.entry_seq IS NOT NULL
                  AND p.effective_at < d.day + interval '1 day'
                ORDER BY p.effective_at DESC, p.entry_seq DESC
                LIMIT 1
            ) last ON true
            GROUP BY d.day, b.asset
            ORDER BY d.day, b.asset
            """,
            new { accounts = accountIds.ToArray(), fromDay, toDay },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DailyHoldingRow(SqlTime.Utc(r.Day), r.Asset, r.Quantity))];
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static decimal? NullableDecimal(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

    private sealed class DailyRow
    {
        public DateTime Day { get; init; }

        public string Asset { get; init; } = string.Empty;

        public decimal Quantity { get; init; }
    }
}

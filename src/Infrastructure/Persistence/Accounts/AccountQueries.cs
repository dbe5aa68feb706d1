using Dapper;
using Npgsql;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Infrastructure.Persistence.Accounts;

internal sealed class AccountQueries(NpgsqlDataSource dataSource) : IAccountQueries
{
    // The current balances of @accountId. Balances that were only ever created (e.g. the target of a still pending
    // transfer) are not shown; the base currency always is, zero until something arrives.
    private const string BalancesSql =
        """
        SELECT s.code AS Asset, s.decimals AS Decimals, coalesce(b.amount, 0) AS Amount, coalesce(b.held, 0) AS Held,
               coalesce(b.updated_at, a.created_at) AS UpdatedAt
        FROM accounts a
        JOIN assets s ON s.code = a.base_currency
        LEFT JOIN balances b ON b.account_id = a.id AND b.asset = a.base_currency
        WHERE a.id = @accountId
        UNION ALL
        SELECT b.asset, s.decimals, b.amount, b.held, b.updated_at
        FROM accounts a
        JOIN balances b ON b.account_id = a.id AND b.asset <> a.base_currency
        JOIN assets s ON s.code = b.asset
        WHERE a.id = @accountId AND (b.entry_count > 0 OR b.held > 0)
        ORDER BY 1
        """;

    // The balances of @accountId as they were at @at: per asset, the balance after the last posting that took effect at
    // or before the instant (one index probe each); the base currency always, zero before anything arrived. Nothing is
    // held in the past: held is 0, so available equals amount.
    private const string BalancesAtSql =
        """
        SELECT s.code AS Asset, s.decimals AS Decimals, coalesce(last.balance_after, 0) AS Amount, 0 AS Held,
               coalesce(last.effective_at, least(a.created_at, @at)) AS UpdatedAt
        FROM accounts a
        JOIN assets s ON s.code = a.base_currency OR s.code IN (SELECT asset FROM balances WHERE account_id = a.id)
        LEFT JOIN LATERAL (
            SELECT p.balance_after, p.effective_at
            FROM postings p
            WHERE p.account_id = a.id AND p.asset = s.code AND p.entry_seq IS NOT NULL AND p.effective_at <= @at
            ORDER BY p.effective_at DESC, p.entry_seq DESC
            LIMIT 1
        ) last ON true
        WHERE a.id = @accountId AND (s.code = a.base_currency OR last.balance_after IS NOT NULL)
        ORDER BY 1
        """;

    // A user account (never a world account) by @accountId.
    private const string FindSql = $"SELECT {AccountRow.Columns} FROM accounts WHERE id = @accountId AND NOT is_world";

    public async Task<AccountView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            FindSql, new { accountId = id }, cancellationToken: cancellationToken));
        return row is null ? null : new AccountView(row.ToDto(), row.OwnerId!.Value);
    }

    public async Task<IReadOnlyList<AccountDto>> ListAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountRow.Columns} FROM accounts WHERE owner_id = @ownerId ORDER BY created_at, id",
            new { ownerId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDto())];
    }

    public async Task<AccountBalancesView?> FindWithBalancesAsync(Guid id, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        // Both statements go to the server in one round trip on one pooled connection.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(at is { } instant
            ? new CommandDefinition($"{FindSql};\n{BalancesAtSql}", new { accountId = id, at = instant }, cancellationToken: cancellationToken)
            : new CommandDefinition($"{FindSql};\n{BalancesSql}", new { accountId = id }, cancellationToken: cancellationToken));
        var row = await results.ReadSingleOrDefaultAsync<AccountRow>();
        var balances = await results.ReadAsync<BalanceLine>();
        return row is null
            ? null
            : new AccountBalancesView(
                new AccountView(row.ToDto(), row.OwnerId!.Value),
                [.. balances.Select(r => r.ToDto(available: r.Amount - r.Held))]);
    }

    public async Task<IReadOnlyList<BalancePointDto>> HistoryAsync(
        Guid accountId, Asset asset, DateTimeOffset from, DateTimeOffset to, BalanceInterval interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var unit = interval == BalanceInterval.Hour ? "hour" : "day";

        // One point per interval: its start, and the balance after the last posting before its end (or now, for the
        // current interval); zero before the first posting. The bounds are clamped to finite times: the driver sends
        // the extreme .NET values as ±infinity, which would make the series endless.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<HistoryLine>(new CommandDefinition(
            $"""
            SELECT bucket AS At, coalesce(last.balance_after, 0) AS Amount
            FROM generate_series(
                     date_trunc('{unit}', greatest(@from, '0001-01-01 00:00:00+00'::timestamptz), 'UTC'),
                     date_trunc('{unit}', least(@to, '9999-12-31 23:59:59.999999+00'::timestamptz), 'UTC'),
                     interval '1 {unit}') AS bucket
            LEFT JOIN LATERAL (
                SELECT p.balance_after
                FROM postings p
                WHERE p.account_id = @accountId AND p.asset = @asset AND p.entry_seq IS NOT NULL
                  AND p.effective_at < least(bucket + interval '1 {unit}', @to::timestamptz + interval '1 microsecond')
                ORDER BY p.effective_at DESC, p.entry_seq DESC
                LIMIT 1
            ) last ON true
            ORDER BY bucket
            """,
            new { accountId, asset = asset.Code.Value, from, to },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new BalancePointDto(SqlTime.Utc(r.At), asset.Format(r.Amount)))];
    }

    private sealed class BalanceLine
    {
        public string Asset { get; init; } = string.Empty;

        public short Decimals { get; init; }

        public decimal Amount { get; init; }

        public decimal Held { get; init; }

        public DateTime UpdatedAt { get; init; }

        public BalanceDto ToDto(decimal available) =>
            new(Asset, DecimalAmount.Format(Amount, Decimals), DecimalAmount.Format(available, Decimals), SqlTime.Utc(UpdatedAt));
    }

    private sealed class HistoryLine
    {
        public DateTime At { get; init; }

        public decimal Amount { get; init; }
    }
}

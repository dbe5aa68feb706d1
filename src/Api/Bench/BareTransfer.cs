using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace PortfolioTracker.Api.Bench;

/// <summary>
/// A transfer done by hand: the statements of the real transfer (share-lock the accounts, claim the idempotency key,
/// create and lock the balances, insert the transaction and its postings, update the balances, audit, store the
/// outcome, commit) in the same round trips (the five writes in one batch), with none of the layers around them. The benchmark divides the
/// full stack's throughput by this one's.
/// </summary>
internal static class BareTransfer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IResult> HandleAsync(
        Request request, HttpContext context, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(clock);
        if (!decimal.TryParse(request.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0
            || request.FromAccountId == request.ToAccountId)
        {
            return TypedResults.BadRequest();
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);

        Guid? owner = null;
        await using (var lockAccounts = new NpgsqlCommand(
            "SELECT id, owner_id, status FROM accounts WHERE id = ANY($1) AND NOT is_world ORDER BY id FOR KEY SHARE", connection, transaction))
        {
            lockAccounts.Parameters.Add(new NpgsqlParameter { Value = new[] { request.FromAccountId, request.ToAccountId } });
            await using var reader = await lockAccounts.ExecuteReaderAsync(cancellationToken);
            var found = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                found++;
                if (reader.GetGuid(0) == request.FromAccountId)
                {
                    owner = reader.GetGuid(1);
                }
            }

            if (found != 2 || owner is null)
            {
                return TypedResults.NotFound();
            }
        }

        await using (var claim = new NpgsqlCommand(
            "INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT (user_id, key) DO NOTHING", connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = owner.Value });
            claim.Parameters.Add(new NpgsqlParameter { Value = key });
            claim.Parameters.Add(new NpgsqlParameter { Value = "bench" });
            if (await claim.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return TypedResults.Conflict();
            }
        }

        // Ordered like the real one: by account id, then asset.
        var ids = new[] { request.FromAccountId, request.ToAccountId };
        Array.Sort(ids);
        var assets = new[] { request.Asset, request.Asset };
        var rows = new Dictionary<Guid, (decimal Amount, decimal Held, long Count, DateTime Updated)>();
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var create = new NpgsqlBatchCommand(
                """
                INSERT INTO balances (account_id, asset, allow_negative, updated_at)
                SELECT account_id, asset, false, $3 FROM unnest($1::uuid[], $2::text[]) AS k (account_id, asset)
                ON CONFLICT (account_id, asset) DO NOTHING
                """);
            create.Parameters.Add(new NpgsqlParameter { Value = ids });
            create.Parameters.Add(new NpgsqlParameter { Value = assets });
            create.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(create);
            var lockRows = new NpgsqlBatchCommand(
                """
                SELECT account_id, amount, held, entry_count, updated_at FROM balances
                WHERE (account_id, asset) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
                ORDER BY account_id, asset COLLATE "C" FOR UPDATE
                """);
            lockRows.Parameters.Add(new NpgsqlParameter { Value = ids });
            lockRows.Parameters.Add(new NpgsqlParameter { Value = assets });
            batch.BatchCommands.Add(lockRows);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows[reader.GetGuid(0)] = (reader.GetDecimal(1), reader.GetDecimal(2), reader.GetInt64(3), reader.GetDateTime(4));
            }
        }

        var from = rows[request.FromAccountId];
        var to = rows[request.ToAccountId];
        if (from.Amount - from.Held < amount)
        {
            return TypedResults.UnprocessableEntity();
        }

        var fromAfter = (Amount: from.Amount - amount, from.Held, Count: from.Count + 1, Updated: Later(from.Updated, now.UtcDateTime));
        var toAfter = (Amount: to.Amount + amount, to.Held, Count: to.Count + 1, Updated: Later(to.Updated, now.UtcDateTime));
        var id = Guid.CreateVersion7(now);
        var answer = new Answer(id, "transfer", "completed", now,
        [
            new AnswerPosting(request.FromAccountId, request.Asset, -amount, fromAfter.Amount),
            new AnswerPosting(request.ToAccountId, request.Asset, amount, toAfter.Amount),
        ]);

        // The writes nobody reads, in one round trip (as the unit of work sends them), then the commit.
        var body = JsonSerializer.Serialize(answer, Json);
        await using (var writes = new NpgsqlBatch(connection, transaction))
        {
            writes.BatchCommands.Add(Command(
                """
                INSERT INTO transactions (id, type, status, description, created_at, created_by, updated_at, version)
                VALUES ($1, 'transfer', 'completed', NULL, $2, $3, $2, 1)
                """,
                id, now, owner.Value));
            writes.BatchCommands.Add(Command(
                """
                INSERT INTO postings (transaction_id, leg, account_id, asset, amount, balance_after, entry_seq, effective_at, created_at)
                SELECT $1, leg, account_id, asset, amount, balance_after, entry_seq, effective_at, $2
                FROM unnest($3::smallint[], $4::uuid[], $5::text[], $6::numeric[], $7::numeric[], $8::bigint[], $9::timestamptz[])
                     AS p (leg, account_id, asset, amount, balance_after, entry_seq, effective_at)
                """,
                id, now, new short[] { 0, 1 }, new[] { request.FromAccountId, request.ToAccountId }, assets,
                new[] { -amount, amount }, new[] { fromAfter.Amount, toAfter.Amount }, new[] { fromAfter.Count, toAfter.Count },
                new[] { fromAfter.Updated, toAfter.Updated }));
            writes.BatchCommands.Add(Command(
                """
                UPDATE balances b SET amount = v.amount, held = v.held, entry_count = v.entry_count, updated_at = v.updated_at
                FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::numeric[], $5::bigint[], $6::timestamptz[])
                     AS v (account_id, asset, amount, held, entry_count, updated_at)
                WHERE b.account_id = v.account_id AND b.asset = v.asset
                """,
                new[] { request.FromAccountId, request.ToAccountId }, assets, new[] { fromAfter.Amount, toAfter.Amount },
                new[] { fromAfter.Held, toAfter.Held }, new[] { fromAfter.Count, toAfter.Count }, new[] { fromAfter.Updated, toAfter.Updated }));
            writes.BatchCommands.Add(Command(
                """
                INSERT INTO audit_log (id, occurred_at, actor_id, action, entity_type, entity_id, subject_user_id,
                                       outcome, code, client_ip, trace_id, before, after)
                VALUES ($1, $2, $3, 'transaction.transfer', 'transaction', $4, NULL, 'succeeded', NULL, NULL, NULL, NULL, $5::jsonb)
                """,
                Guid.CreateVersion7(now), now, owner.Value, id.ToString(), body));
            writes.BatchCommands.Add(Command(
                "UPDATE idempotency_keys SET outcome = $3::jsonb WHERE user_id = $1 AND key = $2", owner.Value, key, body));
            await writes.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return TypedResults.Created($"/api/v1/transactions/{id}", answer);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static DateTime Later(DateTime stored, DateTime now) =>
        DateTime.SpecifyKind(now > stored ? now : stored, DateTimeKind.Utc);

    /// <summary>The body: like a transfer's.</summary>
    internal sealed record Request(Guid FromAccountId, Guid ToAccountId, string Asset, string Amount);

    internal sealed record Answer(Guid Id, string Type, string Status, DateTimeOffset CreatedAt, IReadOnlyList<AnswerPosting> Postings);

    internal sealed record AnswerPosting(Guid AccountId, string Asset, decimal Amount, decimal BalanceAfter);
}

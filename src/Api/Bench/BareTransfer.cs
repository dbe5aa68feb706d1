using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;
using NpgsqlTypes;
using PortfolioTracker.Application.Transactions;

namespace PortfolioTracker.Api.Bench;

/// <summary>
/// A transfer done by hand: the statements <c>POST /transactions/transfer</c> sends, in the same order and round trips
/// (claim the idempotency key; set the checkpoint a refusal rolls back to; share-lock the accounts; create and lock the
/// balances in one batch; insert the transaction, its postings, update the balances, audit, store the outcome in one
/// batch; commit), with the same columns and values, and none of the layers around them: no MVC, mediator, validation,
/// domain objects, Dapper or request hash. The authentication middleware runs as for every request (the caller's
/// token names the user the key belongs to). The benchmark divides the full stack's throughput by this one's.
/// </summary>
internal static class BareTransfer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stands in for the request's SHA-256 (same length as the real one's hex).</summary>
    private static readonly string RequestHash = new('0', 64);

    public static async Task<IResult> HandleAsync(
        Request request, HttpContext context, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(clock);
        if (!Guid.TryParse(context.User.FindFirstValue(JwtRegisteredClaimNames.Sub), out var userId))
        {
            return TypedResults.Unauthorized();
        }

        if (!decimal.TryParse(request.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0
            || request.FromAccountId == request.ToAccountId)
        {
            return TypedResults.BadRequest();
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        await using (var claim = new NpgsqlCommand(
            """
            INSERT INTO idempotency_keys (user_id, key, request_hash)
            VALUES ($1, $2, $3)
            ON CONFLICT (user_id, key) DO NOTHING
            """,
            connection,
            transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = userId });
            claim.Parameters.Add(new NpgsqlParameter { Value = key });
            claim.Parameters.Add(new NpgsqlParameter { Value = RequestHash });
            if (await claim.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return TypedResults.Conflict();
            }
        }

        // Sent with the next statement, as the real one's checkpoint is: the rest runs in a subtransaction.
        await transaction.SaveAsync("checkpoint", cancellationToken);
        var owners = new Dictionary<Guid, Guid?>(2);
        await using (var lockAccounts = new NpgsqlCommand(
            """
            SELECT id, owner_id AS OwnerId, name, base_currency AS BaseCurrency, status, created_at AS CreatedAt, updated_at AS UpdatedAt, version
            FROM accounts WHERE id = ANY($1) AND NOT is_world ORDER BY id FOR KEY SHARE
            """,
            connection,
            transaction))
        {
            lockAccounts.Parameters.Add(new NpgsqlParameter { Value = new[] { request.FromAccountId, request.ToAccountId } });
            await using var reader = await lockAccounts.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                owners[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetGuid(1);
            }
        }

        if (!owners.TryGetValue(request.FromAccountId, out var owner) || owner != userId || !owners.TryGetValue(request.ToAccountId, out var recipient))
        {
            return TypedResults.NotFound();
        }

        // Ordered like the real one: by account id, then asset.
        var ids = new[] { request.FromAccountId, request.ToAccountId };
        Array.Sort(ids);
        var assets = new[] { request.Asset, request.Asset };
        var now = clock.GetUtcNow();
        var rows = new Dictionary<Guid, (decimal Amount, decimal Held, long Count, DateTime Updated)>();
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var create = new NpgsqlBatchCommand(
                """
                INSERT INTO balances (account_id, asset, allow_negative, updated_at)
                SELECT account_id, asset, false, $3
                FROM unnest($1::uuid[], $2::text[]) AS k (account_id, asset)
                ON CONFLICT (account_id, asset) DO NOTHING
                """);
            create.Parameters.Add(new NpgsqlParameter { Value = ids });
            create.Parameters.Add(new NpgsqlParameter { Value = assets });
            create.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(create);
            var lockRows = new NpgsqlBatchCommand(
                """
                SELECT account_id AS AccountId, asset, amount, held, entry_count AS EntryCount, updated_at AS UpdatedAt
                FROM balances
                WHERE (account_id, asset) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
                ORDER BY account_id, asset COLLATE "C"
                FOR UPDATE
                """);
            lockRows.Parameters.Add(new NpgsqlParameter { Value = ids });
            lockRows.Parameters.Add(new NpgsqlParameter { Value = assets });
            batch.BatchCommands.Add(lockRows);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows[reader.GetGuid(0)] = (reader.GetDecimal(2), reader.GetDecimal(3), reader.GetInt64(4), reader.GetDateTime(5));
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
        var answer = new TransactionDto(id, "transfer", "completed",
        [
            new PostingDto(request.FromAccountId, request.Asset, Text(-amount), Text(fromAfter.Amount)),
            new PostingDto(request.ToAccountId, request.Asset, Text(amount), recipient == userId ? Text(toAfter.Amount) : null),
        ], null, now, userId, null, null, null);

        // The writes nobody reads, in one round trip (as the unit of work sends them), then the commit.
        var body = JsonSerializer.Serialize(answer, Json);
        await using (var writes = new NpgsqlBatch(connection, transaction))
        {
            writes.BatchCommands.Add(Command(
                """
                INSERT INTO transactions (id, type, status, description, created_at, created_by, reversal_of, reversed_by,
                                          updated_at, version, trade_side, trade_asset, trade_quantity, trade_quote_asset,
                                          trade_price, trade_quote_amount, trade_fee, trade_total, unit_cost_price, unit_cost_asset)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
                """,
                id, "transfer", "completed", null, now, userId, null, null, now, 1, null, null, null, null, null, null, null, null, null, null));
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
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb)
                """,
                Guid.CreateVersion7(now), now, userId, "transaction.transfer", "transaction", id.ToString(), recipient == userId ? null : recipient,
                "succeeded", null, context.Connection.RemoteIpAddress?.ToString(), Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier,
                null, body));
            writes.BatchCommands.Add(Command(
                "UPDATE idempotency_keys SET outcome = $3::jsonb WHERE user_id = $1 AND key = $2", userId, key, "{\"value\":" + body + "}"));
            await writes.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return TypedResults.Created($"/api/v1/transactions/{id}", answer);
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static DateTime Later(DateTime stored, DateTime now) =>
        DateTime.SpecifyKind(now > stored ? now : stored, DateTimeKind.Utc);

    /// <summary>The body: like a transfer's.</summary>
    internal sealed record Request(Guid FromAccountId, Guid ToAccountId, string Asset, string Amount);
}

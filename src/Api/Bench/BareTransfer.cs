using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;
using NpgsqlTypes;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Infrastructure.Persistence;

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
        await using (var claim = CommandSql.Command(CommandSql.ClaimKey, connection, transaction, userId, key, RequestHash))
        {
            if (await claim.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return TypedResults.Conflict();
            }
        }

        // Sent with the next statement, as the real one's checkpoint is: the rest runs in a subtransaction.
        await transaction.SaveAsync("checkpoint", cancellationToken);
        var owners = new Dictionary<Guid, Guid?>(2);
        await using (var lockAccounts = CommandSql.Command(CommandSql.LockAccounts(2), connection, transaction, request.FromAccountId, request.ToAccountId))
        {
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
            var create = new NpgsqlBatchCommand(CommandSql.CreateBalances);
            create.Parameters.Add(new NpgsqlParameter { Value = ids });
            create.Parameters.Add(new NpgsqlParameter { Value = assets });
            create.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(create);
            var lockRows = new NpgsqlBatchCommand(CommandSql.LockBalances(2));
            foreach (var account in ids)
            {
                lockRows.Parameters.Add(new NpgsqlParameter { Value = account });
                lockRows.Parameters.Add(new NpgsqlParameter { Value = request.Asset });
            }

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
            writes.BatchCommands.Add(CommandSql.Batched(
                CommandSql.InsertTransaction,
                id, "transfer", "completed", null, now, userId, null, null, now, 1, null, null, null, null, null, null, null, null, null, null));
            writes.BatchCommands.Add(CommandSql.Batched(
                CommandSql.InsertPostings,
                id, now, new short[] { 0, 1 }, new[] { request.FromAccountId, request.ToAccountId }, assets,
                new[] { -amount, amount }, new[] { fromAfter.Amount, toAfter.Amount }, new[] { fromAfter.Count, toAfter.Count },
                new[] { fromAfter.Updated, toAfter.Updated }));
            foreach (var (account, after) in ids.Select(account => (account, account == request.FromAccountId ? fromAfter : toAfter)))
            {
                writes.BatchCommands.Add(CommandSql.Batched(
                    CommandSql.UpdateBalance, account, request.Asset, after.Amount, after.Held, after.Count, after.Updated));
            }

            writes.BatchCommands.Add(CommandSql.Batched(
                CommandSql.InsertAuditEntry,
                Guid.CreateVersion7(now), now, userId, "transaction.transfer", "transaction", id.ToString(), recipient == userId ? null : recipient,
                "succeeded", null, context.Connection.RemoteIpAddress?.ToString(), Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier,
                null, body));
            writes.BatchCommands.Add(CommandSql.Batched(
                CommandSql.CompleteKey, userId, key, "{\"value\":" + body + "}"));
            await writes.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return TypedResults.Created($"/api/v1/transactions/{id}", answer);
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static DateTime Later(DateTime stored, DateTime now) =>
        DateTime.SpecifyKind(now > stored ? now : stored, DateTimeKind.Utc);

    /// <summary>The body: like a transfer's.</summary>
    internal sealed record Request(Guid FromAccountId, Guid ToAccountId, string Asset, string Amount);
}

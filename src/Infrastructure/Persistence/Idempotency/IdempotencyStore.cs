using Dapper;
using PortfolioTracker.Application.Common.Idempotency;

namespace PortfolioTracker.Infrastructure.Persistence.Idempotency;

/// <summary>Idempotency keys in the session's transaction (see <see cref="IdempotencyBehaviour{TRequest,TResponse}"/>).</summary>
internal sealed class IdempotencyStore(DbSession session) : IIdempotencyStore
{
    public async Task<bool> TryClaimAsync(Guid userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        // A key another transaction has claimed but not yet committed makes this insert wait for that transaction:
        // then it conflicts (the other committed; replay) or succeeds (the other rolled back; run).
        await using var command = await session.CommandAsync(CommandSql.ClaimKey, cancellationToken, userId, key, requestHash);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IdempotencyRecord?> FindAsync(Guid userId, string key, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT request_hash AS RequestHash, outcome::text AS Outcome FROM idempotency_keys WHERE user_id = @userId AND key = @key",
            new { userId, key },
            session.Transaction,
            cancellationToken: cancellationToken));
        return row is null
            ? null
            : new IdempotencyRecord(row.RequestHash, row.Outcome is null ? null : StoredOutcomeJson.Read(row.Outcome));
    }

    public Task CompleteAsync(Guid userId, string key, StoredOutcome outcome, CancellationToken cancellationToken) =>
        session.WriteAsync(
            CommandSql.CompleteKey,
            cancellationToken,
            userId,
            key,
            StoredOutcomeJson.Write(outcome));

    public Task StoreRefusalAsync(Guid userId, string key, StoredOutcome outcome, CancellationToken cancellationToken) =>
        CompleteAsync(userId, key, outcome, cancellationToken);

    public async Task ReleaseAsync(Guid userId, string key, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE user_id = @userId AND key = @key AND outcome IS NULL",
            new { userId, key },
            session.Transaction,
            cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public string RequestHash { get; init; } = string.Empty;

        public string? Outcome { get; init; }
    }
}

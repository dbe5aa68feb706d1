using System.Text.Json;
using Dapper;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;

namespace PortfolioTracker.Infrastructure.Persistence.Audit;

/// <summary>Writes audit entries with the session's connection, so an entry commits or rolls back with its change.</summary>
internal sealed class AuditLog(DbSession session, ICurrentUser currentUser, TimeProvider clock) : IAuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = clock.UtcNow();
        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log (id, occurred_at, actor_id, action, entity_type, entity_id, subject_user_id,
                                   outcome, code, client_ip, trace_id, before, after)
            VALUES (@id, @now, @actorId, @Action, @EntityType, @EntityId, @SubjectUserId,
                    @outcome, @Code, @clientIp, @traceId, @before::jsonb, @after::jsonb)
            """,
            new
            {
                id = Guid.CreateVersion7(now),
                now,
                actorId = currentUser.UserId,
                entry.Action,
                entry.EntityType,
                entry.EntityId,
                entry.SubjectUserId,
                outcome = entry.Outcome == AuditOutcome.Succeeded ? "succeeded" : "refused",
                entry.Code,
                clientIp = currentUser.ClientIp,
                traceId = currentUser.TraceId,
                before = ToJson(entry.Before),
                after = ToJson(entry.After),
            },
            session.Transaction,
            cancellationToken: cancellationToken));
    }

    private static string? ToJson(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);
}

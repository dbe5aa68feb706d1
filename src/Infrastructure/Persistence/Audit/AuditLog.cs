using System.Text.Json;
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
        await session.WriteAsync(
            CommandSql.InsertAuditEntry,
            cancellationToken,
            Guid.CreateVersion7(now),
            now,
            currentUser.UserId,
            entry.Action,
            entry.EntityType,
            entry.EntityId,
            entry.SubjectUserId,
            entry.Outcome == AuditOutcome.Succeeded ? "succeeded" : "refused",
            entry.Code,
            currentUser.ClientIp,
            currentUser.TraceId,
            ToJson(entry.Before),
            ToJson(entry.After));
    }

    private static string? ToJson(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);
}

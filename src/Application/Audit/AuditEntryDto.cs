using System.Text.Json;

namespace PortfolioTracker.Application.Audit;

/// <summary>One audit-trail entry: who did what to which entity, when, from where, with the state before and after.</summary>
public sealed record AuditEntryDto(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid? ActorId,
    string Action,
    string EntityType,
    string? EntityId,
    Guid? SubjectUserId,
    string Outcome,
    string? Code,
    string? ClientIp,
    string? TraceId,
    JsonElement? Before,
    JsonElement? After);

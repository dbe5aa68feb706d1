namespace PortfolioTracker.Application.Common.Auditing;

/// <summary>Whether the audited attempt changed something or was refused.</summary>
public enum AuditOutcome
{
    Succeeded,
    Refused,
}

/// <summary>
/// One line of the audit trail. Who did it, from where and under which trace are added by the audit log itself.
/// </summary>
/// <param name="Action">What happened, dotted and lower-case: <c>user.updated</c>, <c>auth.login</c>.</param>
/// <param name="EntityType">The kind of thing acted on: <c>user</c>, <c>account</c>, <c>transaction</c>.</param>
/// <param name="EntityId">Its id, when there is one.</param>
/// <param name="Outcome">Succeeded or refused.</param>
/// <param name="Code">The error code of a refusal.</param>
/// <param name="Before">The state before the change (serialised to JSON), when it applies.</param>
/// <param name="After">The state after the change (serialised to JSON), when it applies.</param>
/// <param name="SubjectUserId">The user whose resource was acted on, when it differs from the actor.</param>
public sealed record AuditEntry(
    string Action,
    string EntityType,
    string? EntityId,
    AuditOutcome Outcome = AuditOutcome.Succeeded,
    string? Code = null,
    object? Before = null,
    object? After = null,
    Guid? SubjectUserId = null);

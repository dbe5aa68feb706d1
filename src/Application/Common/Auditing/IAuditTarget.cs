namespace PortfolioTracker.Application.Common.Auditing;

/// <summary>
/// Implemented by commands so that a refusal of the command (401/403/422) is audited against the right entity.
/// </summary>
public interface IAuditTarget
{
    string AuditEntityType { get; }

    string? AuditEntityId { get; }
}

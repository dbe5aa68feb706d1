namespace PortfolioTracker.Application.Common.Auditing;

/// <summary>Appends to the audit trail, inside the current unit of work when there is one.</summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);
}

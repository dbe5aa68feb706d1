using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.Audit;

/// <summary>Filters of the audit list; <see cref="UserId"/> matches the actor or the user acted upon.</summary>
public sealed record AuditFilter(Guid? UserId, string? EntityType, string? EntityId, string? Action, DateTimeOffset? From, DateTimeOffset? To);

public interface IAuditQueries
{
    /// <summary>Entries newest first.</summary>
    Task<Page<AuditEntryDto>> ListAsync(AuditFilter filter, PageRequest page, CancellationToken cancellationToken);
}

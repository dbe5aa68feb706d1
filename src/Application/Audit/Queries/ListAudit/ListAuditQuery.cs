using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.Audit.Queries.ListAudit;

public sealed record ListAuditQuery(
    Guid? UserId,
    string? EntityType,
    string? EntityId,
    string? Action,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Limit,
    string? Cursor) : IQuery<Page<AuditEntryDto>>;

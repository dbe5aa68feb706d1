using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Audit.Queries.ListAudit;

internal sealed class ListAuditQueryHandler(IAuditQueries queries, ICurrentUser currentUser)
    : IRequestHandler<ListAuditQuery, Result<Page<AuditEntryDto>>>
{
    public async Task<Result<Page<AuditEntryDto>>> Handle(ListAuditQuery request, CancellationToken cancellationToken)
    {
        if (!currentUser.Actor.IsAdmin)
        {
            return UserErrors.AdminOnly;
        }

        var filter = new AuditFilter(request.UserId, request.EntityType, request.EntityId, request.Action, request.From, request.To);
        return await queries.ListAsync(filter, PaginationRules.ToPageRequest(request.Limit, request.Cursor), cancellationToken);
    }
}

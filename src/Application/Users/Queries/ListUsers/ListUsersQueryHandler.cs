using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Users.Queries.ListUsers;

internal sealed class ListUsersQueryHandler(IUserQueries queries, ICurrentUser currentUser)
    : IRequestHandler<ListUsersQuery, Result<Page<UserDto>>>
{
    public async Task<Result<Page<UserDto>>> Handle(ListUsersQuery request, CancellationToken cancellationToken)
    {
        if (!currentUser.Actor.IsAdmin)
        {
            return UserErrors.AdminOnly;
        }

        return await queries.ListAsync(PaginationRules.ToPageRequest(request.Limit, request.Cursor), cancellationToken);
    }
}

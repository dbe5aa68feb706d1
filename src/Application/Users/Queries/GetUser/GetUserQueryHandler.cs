using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Users.Queries.GetUser;

/// <summary>A user as seen by themself or an admin; anyone else is told it does not exist.</summary>
internal sealed class GetUserQueryHandler(IUserQueries queries, ICurrentUser currentUser) : IRequestHandler<GetUserQuery, Result<UserDto>>
{
    public async Task<Result<UserDto>> Handle(GetUserQuery request, CancellationToken cancellationToken)
    {
        if (!currentUser.Actor.CanAccess(request.UserId))
        {
            return UserErrors.NotFound;
        }

        var user = await queries.FindAsync(request.UserId, cancellationToken);
        return user is null ? UserErrors.NotFound : user;
    }
}

using FluentValidation;
using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.Users.Queries.ListUsers;

public sealed class ListUsersQueryValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersQueryValidator()
    {
        RuleFor(q => q.Limit).ValidPageLimit();
        RuleFor(q => q.Cursor).ValidPageCursor();
    }
}

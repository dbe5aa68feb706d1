using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.Users.Queries.ListUsers;

public sealed record ListUsersQuery(int Limit, string? Cursor) : IQuery<Page<UserDto>>;

using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Users.Queries.GetUser;

public sealed record GetUserQuery(Guid UserId) : IQuery<UserDto>;

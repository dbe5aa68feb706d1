using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Concurrency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Users.Commands.UpdateUser;

/// <param name="UserId">The user to change.</param>
/// <param name="Username">The new username (required).</param>
/// <param name="Email">The new e-mail address (required).</param>
/// <param name="Role">The new role; null keeps the current one. Only an admin may change it.</param>
/// <param name="IfMatch">From <c>If-Match</c>: refuse with 412 when the user changed since.</param>
public sealed record UpdateUserCommand(Guid UserId, string Username, string Email, string? Role, IfMatch? IfMatch)
    : ICommand<UserDto>, IAuditTarget
{
    public string AuditEntityType => "user";

    public string? AuditEntityId => UserId.ToString();
}

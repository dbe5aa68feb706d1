using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Users.Commands.DeleteUser;

public sealed record DeleteUserCommand(Guid UserId) : ICommand, IAuditTarget
{
    public string AuditEntityType => "user";

    public string? AuditEntityId => UserId.ToString();
}

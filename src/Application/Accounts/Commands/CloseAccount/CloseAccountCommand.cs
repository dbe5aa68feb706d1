using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Accounts.Commands.CloseAccount;

public sealed record CloseAccountCommand(Guid AccountId) : ICommand, IAuditTarget
{
    public string AuditEntityType => "account";

    public string? AuditEntityId => AccountId.ToString();
}

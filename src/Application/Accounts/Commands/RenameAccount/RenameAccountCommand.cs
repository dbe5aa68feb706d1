using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Accounts.Commands.RenameAccount;

public sealed record RenameAccountCommand(Guid AccountId, string Name, int? ExpectedVersion) : ICommand<AccountDto>, IAuditTarget
{
    public string AuditEntityType => "account";

    public string? AuditEntityId => AccountId.ToString();
}

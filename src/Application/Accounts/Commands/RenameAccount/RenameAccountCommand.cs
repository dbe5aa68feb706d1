using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Concurrency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Accounts.Commands.RenameAccount;

/// <param name="AccountId">The account.</param>
/// <param name="Name">The new name.</param>
/// <param name="IfMatch">From <c>If-Match</c>: refuse with 412 when the account changed since.</param>
public sealed record RenameAccountCommand(Guid AccountId, string Name, IfMatch? IfMatch) : ICommand<AccountDto>, IAuditTarget
{
    public string AuditEntityType => "account";

    public string? AuditEntityId => AccountId.ToString();
}

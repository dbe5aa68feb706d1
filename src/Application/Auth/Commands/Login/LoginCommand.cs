using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Auth.Commands.Login;

public sealed record LoginCommand(string Email, string Password) : ICommand<TokenPairDto>, IAuditTarget
{
    public string AuditEntityType => "user";

    /// <summary>Failed logins are audited by the address tried, to spot credential stuffing.</summary>
    public string? AuditEntityId => EmailAddress.Normalize(Email);
}

using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Accounts.Commands.OpenAccount;

/// <param name="Name">Unique among the caller's accounts (case-insensitive).</param>
/// <param name="BaseCurrency">The asset the account is valued in; USD when omitted.</param>
public sealed record OpenAccountCommand(string Name, string? BaseCurrency) : ICommand<AccountDto>
{
    public const string DefaultBaseCurrency = "USD";
}

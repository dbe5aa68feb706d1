using FluentValidation;
using PortfolioTracker.Domain.Accounts;

namespace PortfolioTracker.Application.Accounts.Commands.RenameAccount;

public sealed class RenameAccountCommandValidator : AbstractValidator<RenameAccountCommand>
{
    public RenameAccountCommandValidator() =>
        RuleFor(c => c.Name).Must(AccountName.IsValid).WithMessage($"Must be 1-{AccountName.MaxLength} characters without control characters.");
}

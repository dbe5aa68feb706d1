using FluentValidation;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Accounts;

namespace PortfolioTracker.Application.Accounts.Commands.OpenAccount;

public sealed class OpenAccountCommandValidator : AbstractValidator<OpenAccountCommand>
{
    public OpenAccountCommandValidator(IAssetCatalog catalog)
    {
        RuleFor(c => c.Name).Must(AccountName.IsValid).WithMessage($"Must be 1-{AccountName.MaxLength} characters without control characters.");
        RuleFor(c => c.BaseCurrency!).KnownAsset(catalog).When(c => c.BaseCurrency is not null);
    }
}

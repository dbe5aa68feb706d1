using FluentValidation;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Users;

/// <summary>Validation rules shared by register and update, delegating to the domain's own definitions.</summary>
public static class UserRules
{
    public static IRuleBuilderOptions<T, string> ValidUsername<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("Is required.")
            .Must(Username.IsValid).WithMessage($"Must be {Username.MinLength}-{Username.MaxLength} characters of letters, digits or underscores.");

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("Is required.")
            .Must(EmailAddress.IsValid).WithMessage("Must be a valid e-mail address.");
}

using FluentValidation;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Auth.Commands.Login;

public sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(c => c.Email).NotEmpty().WithMessage("Is required.")
            .MaximumLength(EmailAddress.MaxLength).WithMessage($"Must be at most {EmailAddress.MaxLength} characters.");
        RuleFor(c => c.Password).NotEmpty().WithMessage("Is required.")
            .MaximumLength(PasswordPolicy.MaxLength).WithMessage($"Must be at most {PasswordPolicy.MaxLength} characters.");
    }
}

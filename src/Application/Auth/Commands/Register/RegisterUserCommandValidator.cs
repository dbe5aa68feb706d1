using FluentValidation;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Auth.Commands.Register;

public sealed class RegisterUserCommandValidator : AbstractValidator<RegisterUserCommand>
{
    public RegisterUserCommandValidator()
    {
        RuleFor(c => c.Username).ValidUsername();
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Password).Custom((password, context) =>
        {
            foreach (var problem in PasswordPolicy.Check(password))
            {
                context.AddFailure(problem);
            }
        });
    }
}

using FluentValidation;

namespace PortfolioTracker.Application.Users.Commands.UpdateUser;

public sealed class UpdateUserCommandValidator : AbstractValidator<UpdateUserCommand>
{
    public UpdateUserCommandValidator()
    {
        RuleFor(c => c.Username).ValidUsername();
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Role)
            .Must(role => role is null || UserRoleNames.TryParse(role, out _))
            .WithMessage($"Must be '{UserRoleNames.User}' or '{UserRoleNames.Admin}'.");
    }
}

using FluentValidation;

namespace PortfolioTracker.Application.Auth.Commands.Logout;

public sealed class LogoutCommandValidator : AbstractValidator<LogoutCommand>
{
    public LogoutCommandValidator() =>
        RuleFor(c => c.RefreshToken).NotEmpty().WithMessage("Is required.")
            .MaximumLength(512).WithMessage("Must be at most 512 characters.");
}

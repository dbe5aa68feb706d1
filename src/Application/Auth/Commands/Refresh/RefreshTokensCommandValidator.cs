using FluentValidation;

namespace PortfolioTracker.Application.Auth.Commands.Refresh;

public sealed class RefreshTokensCommandValidator : AbstractValidator<RefreshTokensCommand>
{
    public RefreshTokensCommandValidator() =>
        RuleFor(c => c.RefreshToken).NotEmpty().WithMessage("Is required.")
            .MaximumLength(512).WithMessage("Must be at most 512 characters.");
}

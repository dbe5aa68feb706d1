using FluentValidation;
using PortfolioTracker.Application.Common.Idempotency;

namespace PortfolioTracker.Application.Transactions.Commands.Reverse;

public sealed class ReverseTransactionCommandValidator : AbstractValidator<ReverseTransactionCommand>
{
    public ReverseTransactionCommandValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Is required.")
            .Must(r => r.Trim().Length > 0).WithMessage("Is required.")
            .ValidDescription();
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
    }
}

using FluentValidation;
using PortfolioTracker.Application.Common.Idempotency;

namespace PortfolioTracker.Application.Transactions.Commands.PostTransfer;

public sealed class PostTransferCommandValidator : AbstractValidator<PostTransferCommand>
{
    public PostTransferCommandValidator() => RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
}

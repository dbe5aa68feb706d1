using FluentValidation;
using PortfolioTracker.Application.Common.Idempotency;

namespace PortfolioTracker.Application.Transactions.Commands.VoidTransfer;

public sealed class VoidTransferCommandValidator : AbstractValidator<VoidTransferCommand>
{
    public VoidTransferCommandValidator() => RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
}

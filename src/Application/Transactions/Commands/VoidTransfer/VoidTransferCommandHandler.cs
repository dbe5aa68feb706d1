using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Transactions.Commands.VoidTransfer;

internal sealed class VoidTransferCommandHandler(ExistingTransactions pending, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<VoidTransferCommand, Result<TransactionDto>>
{
    public Task<Result<TransactionDto>> Handle(VoidTransferCommand request, CancellationToken cancellationToken) =>
        pending.SettleAsync(
            request.TransactionId,
            "transaction.voided",
            (transaction, accounts, sheet) => transaction.Void(currentUser.Actor, accounts, sheet, clock.UtcNow()),
            cancellationToken);
}

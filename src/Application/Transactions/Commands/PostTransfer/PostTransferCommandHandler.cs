using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Transactions.Commands.PostTransfer;

internal sealed class PostTransferCommandHandler(ExistingTransactions pending, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<PostTransferCommand, Result<TransactionDto>>
{
    public Task<Result<TransactionDto>> Handle(PostTransferCommand request, CancellationToken cancellationToken) =>
        pending.SettleAsync(
            request.TransactionId,
            "transaction.posted",
            (transaction, accounts, sheet) => transaction.Post(currentUser.Actor, accounts, sheet, clock.UtcNow()),
            cancellationToken);
}

using MediatR;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions.Commands.Transfer;

internal sealed class TransferCommandHandler(
    IAccountRepository accounts,
    IAssetCatalog catalog,
    Bookkeeper bookkeeper,
    ICurrentUser currentUser,
    TimeProvider clock) : IRequestHandler<TransferCommand, Result<TransactionDto>>
{
    public async Task<Result<TransactionDto>> Handle(TransferCommand request, CancellationToken cancellationToken)
    {
        var asset = await catalog.FindAsync(request.Asset, cancellationToken) ?? throw new InvalidOperationException("Validated asset vanished.");
        var amount = Money.ParsePositive(request.Amount, asset).Value;
        var locked = await accounts.LockForMovementAsync([request.FromAccountId, request.ToAccountId], cancellationToken);
        var from = locked.SingleOrDefault(a => a.Id == request.FromAccountId);
        if (from is null)
        {
            return AccountErrors.NotFound;
        }

        var writable = from.EnsureWritableBy(currentUser.Actor);
        if (writable.IsFailure)
        {
            return writable.Error;
        }

        var to = locked.SingleOrDefault(a => a.Id == request.ToAccountId);
        if (to is null)
        {
            return LedgerErrors.TargetNotFound;
        }

        var now = clock.UtcNow();
        var created = Transaction.Transfer(Guid.CreateVersion7(now), from, to, amount, request.Pending, request.Description, currentUser.Actor.UserId, now);
        return await bookkeeper.BookAsync(created, locked, now, cancellationToken);
    }
}

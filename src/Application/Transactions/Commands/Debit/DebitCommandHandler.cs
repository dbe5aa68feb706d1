using MediatR;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions.Commands.Debit;

internal sealed class DebitCommandHandler(
    IAccountRepository accounts,
    IAssetCatalog catalog,
    Bookkeeper bookkeeper,
    ICurrentUser currentUser,
    TimeProvider clock) : IRequestHandler<DebitCommand, Result<TransactionDto>>
{
    public async Task<Result<TransactionDto>> Handle(DebitCommand request, CancellationToken cancellationToken)
    {
        var asset = await catalog.FindAsync(request.Asset, cancellationToken) ?? throw new InvalidOperationException("Validated asset vanished.");
        var amount = Money.ParsePositive(request.Amount, asset).Value;
        var account = await bookkeeper.OwnAccountAsync(request.AccountId, cancellationToken);
        if (account.IsFailure)
        {
            return account.Error;
        }

        var now = clock.UtcNow();
        var world = await accounts.GetWorldAsync(asset.Code, cancellationToken);
        var created = Transaction.Debit(Guid.CreateVersion7(now), account.Value, amount, world, request.Description, currentUser.Actor.UserId, now);
        return await bookkeeper.BookAsync(created, [account.Value], now, cancellationToken);
    }
}

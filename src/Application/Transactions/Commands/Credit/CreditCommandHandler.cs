using MediatR;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions.Commands.Credit;

internal sealed class CreditCommandHandler(
    IAccountRepository accounts,
    IAssetCatalog catalog,
    Bookkeeper bookkeeper,
    ICurrentUser currentUser,
    TimeProvider clock) : IRequestHandler<CreditCommand, Result<TransactionDto>>
{
    public async Task<Result<TransactionDto>> Handle(CreditCommand request, CancellationToken cancellationToken)
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
        Money? unitCost = null;
        if (request.Price is not null && DecimalAmount.TryParse(request.Price, out var price))
        {
            var costAsset = await catalog.FindAsync(account.Value.BaseCurrency, cancellationToken)
                ?? throw new InvalidOperationException("An account's base currency is a known asset.");
            if (costAsset.Code == asset.Code)
            {
                return CreditErrors.PriceInItsOwnAsset;
            }

            unitCost = Money.Of(DecimalAmount.Round(price, 18), costAsset).Value;
        }

        var created = Transaction.Credit(Guid.CreateVersion7(now), account.Value, amount, world, request.Description, currentUser.Actor.UserId, now, unitCost);
        return await bookkeeper.BookAsync(created, [account.Value], now, cancellationToken);
    }
}

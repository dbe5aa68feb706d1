using MediatR;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions.Commands.Trade;

internal sealed class TradeCommandHandler(
    IAccountRepository accounts,
    IAssetCatalog catalog,
    Bookkeeper bookkeeper,
    ICurrentUser currentUser,
    TimeProvider clock) : IRequestHandler<TradeCommand, Result<TransactionDto>>
{
    public async Task<Result<TransactionDto>> Handle(TradeCommand request, CancellationToken cancellationToken)
    {
        var asset = await catalog.FindAsync(request.Asset, cancellationToken) ?? throw new InvalidOperationException("Validated asset vanished.");
        var quote = await catalog.FindAsync(request.QuoteAsset, cancellationToken) ?? throw new InvalidOperationException("Validated asset vanished.");
        if (request.Price is null || !DecimalAmount.TryParse(request.Price, out var price))
        {
            return LedgerErrors.PriceRequired;
        }

        var quantity = Money.ParsePositive(request.Quantity, asset, "quantity").Value;
        var fee = DecimalAmount.TryParse(request.Fee, out var feeAmount) ? Money.Of(feeAmount, quote, "fee").Value : Money.Zero(quote);
        var account = await bookkeeper.OwnAccountAsync(request.AccountId, cancellationToken);
        if (account.IsFailure)
        {
            return account.Error;
        }

        var now = clock.UtcNow();
        var created = Transaction.TradeAt(
            Guid.CreateVersion7(now),
            account.Value,
            request.Side == "buy" ? TradeSide.Buy : TradeSide.Sell,
            quantity,
            price,
            fee,
            await accounts.GetWorldAsync(asset.Code, cancellationToken),
            await accounts.GetWorldAsync(quote.Code, cancellationToken),
            request.Description,
            currentUser.Actor.UserId,
            now);
        return await bookkeeper.BookAsync(created, [account.Value], now, cancellationToken);
    }
}

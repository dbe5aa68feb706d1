using MediatR;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions.Commands.Trade;

/// <summary>
/// A trade at the given price, or — when none is given — at the current market price of the asset in the quote asset
/// (a fresh one only: a stale price is not good enough to trade on). The price used is recorded on the transaction.
/// </summary>
internal sealed class TradeCommandHandler(
    IAccountRepository accounts,
    IAssetCatalog catalog,
    PriceOracle prices,
    Bookkeeper bookkeeper,
    ICurrentUser currentUser,
    TimeProvider clock) : IRequestHandler<TradeCommand, Result<TransactionDto>>
{
    public async Task<Result<TransactionDto>> Handle(TradeCommand request, CancellationToken cancellationToken)
    {
        var asset = await catalog.FindAsync(request.Asset, cancellationToken) ?? throw new InvalidOperationException("Validated asset vanished.");
        var quote = await catalog.FindAsync(request.QuoteAsset, cancellationToken) ?? throw new InvalidOperationException("Validated asset vanished.");
        decimal price;
        if (request.Price is not null)
        {
            price = DecimalAmount.TryParse(request.Price, out var given) ? given : throw new InvalidOperationException("Validated price is malformed.");
        }
        else if (asset.Code == quote.Code)
        {
            price = 1m; // refused by the domain as asset_mismatch: no price is needed to say so
        }
        else if (await prices.PriceAsync(asset, quote, cancellationToken) is { Price: { } market, Stale: false })
        {
            price = market;
        }
        else
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

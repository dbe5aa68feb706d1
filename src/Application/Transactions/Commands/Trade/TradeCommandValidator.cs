using FluentValidation;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Idempotency;

namespace PortfolioTracker.Application.Transactions.Commands.Trade;

public sealed class TradeCommandValidator : AbstractValidator<TradeCommand>
{
    public TradeCommandValidator(IAssetCatalog catalog)
    {
        RuleFor(c => c.AccountId).RequiredId();
        RuleFor(c => c.Side).Must(s => s is "buy" or "sell").WithMessage("Must be 'buy' or 'sell'.");
        RuleFor(c => c.Asset).KnownAsset(catalog);
        RuleFor(c => c.QuoteAsset).KnownAsset(catalog);
        RuleFor(c => c.Quantity).PositiveAmountOf(c => c.Asset, catalog);
        RuleFor(c => c.Price).PositiveDecimal().When(c => c.Price is not null);
        RuleFor(c => c.Fee).PositiveAmountOf(c => c.QuoteAsset, catalog, allowZero: true).When(c => c.Fee is not null);
        RuleFor(c => c.Description).ValidDescription();
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
    }
}

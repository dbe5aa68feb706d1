using FluentValidation;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Idempotency;

namespace PortfolioTracker.Application.Transactions.Commands.Credit;

public sealed class CreditCommandValidator : AbstractValidator<CreditCommand>
{
    public CreditCommandValidator(IAssetCatalog catalog)
    {
        RuleFor(c => c.AccountId).RequiredId();
        RuleFor(c => c.Asset).KnownAsset(catalog);
        RuleFor(c => c.Amount).PositiveAmountOf(c => c.Asset, catalog);
        RuleFor(c => c.Description).ValidDescription();
        RuleFor(c => c.Price).PositiveDecimal().When(c => c.Price is not null);
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
    }
}

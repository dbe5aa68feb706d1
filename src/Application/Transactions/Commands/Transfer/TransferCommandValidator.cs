using FluentValidation;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Idempotency;

namespace PortfolioTracker.Application.Transactions.Commands.Transfer;

public sealed class TransferCommandValidator : AbstractValidator<TransferCommand>
{
    public TransferCommandValidator(IAssetCatalog catalog)
    {
        RuleFor(c => c.FromAccountId).RequiredId();
        RuleFor(c => c.ToAccountId).RequiredId();
        RuleFor(c => c.Asset).KnownAsset(catalog);
        RuleFor(c => c.Amount).PositiveAmountOf(c => c.Asset, catalog);
        RuleFor(c => c.Description).ValidDescription();
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
    }
}

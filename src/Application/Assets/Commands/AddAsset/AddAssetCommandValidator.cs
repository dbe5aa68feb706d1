using FluentValidation;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Application.Assets.Commands.AddAsset;

public sealed class AddAssetCommandValidator : AbstractValidator<AddAssetCommand>
{
    public AddAssetCommandValidator()
    {
        RuleFor(c => c.Code).Must(code => AssetCode.TryParse(code) is not null)
            .WithMessage("Must be 2-12 letters or digits.");
        RuleFor(c => c.Name).Must(Asset.IsValidName)
            .WithMessage("Must be 1-100 characters without control characters.");
        RuleFor(c => c.Kind).Must(k => AssetKinds.TryParse(k, out _)).WithMessage("Must be 'fiat' or 'crypto'.");
        RuleFor(c => c.Decimals).NotNull().WithMessage("Is required.")
            .InclusiveBetween(0, Asset.MaxDecimals).WithMessage($"Must be between 0 and {Asset.MaxDecimals}.");
        RuleFor(c => c.PriceId).Matches("^[a-z0-9][a-z0-9-]{0,99}$").When(c => c.PriceId is not null)
            .WithMessage("Must be a market-data id such as 'bitcoin' (lower-case letters, digits, dashes).");
    }
}

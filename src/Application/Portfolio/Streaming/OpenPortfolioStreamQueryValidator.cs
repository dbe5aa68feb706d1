using FluentValidation;
using PortfolioTracker.Application.Assets;

namespace PortfolioTracker.Application.Portfolio.Streaming;

public sealed class OpenPortfolioStreamQueryValidator : AbstractValidator<OpenPortfolioStreamQuery>
{
    public OpenPortfolioStreamQueryValidator(IAssetCatalog catalog)
    {
        RuleFor(q => q.Quote!).KnownAsset(catalog).When(q => q.Quote is not null);
        RuleFor(q => q.Interval).InclusiveBetween(1, OpenPortfolioStreamQuery.MaxInterval).When(q => q.Interval is not null)
            .WithMessage($"Must be between 1 and {OpenPortfolioStreamQuery.MaxInterval} seconds.");
        RuleFor(q => q.MaxUpdates).InclusiveBetween(1, OpenPortfolioStreamQuery.MaxMaxUpdates).When(q => q.MaxUpdates is not null)
            .WithMessage($"Must be between 1 and {OpenPortfolioStreamQuery.MaxMaxUpdates}.");
    }
}

using FluentValidation;
using PortfolioTracker.Application.Assets;

namespace PortfolioTracker.Application.Portfolio.Queries.GetPortfolio;

public sealed class GetPortfolioQueryValidator : AbstractValidator<GetPortfolioQuery>
{
    public GetPortfolioQueryValidator(IAssetCatalog catalog) =>
        RuleFor(q => q.Quote!).KnownAsset(catalog).When(q => q.Quote is not null);
}

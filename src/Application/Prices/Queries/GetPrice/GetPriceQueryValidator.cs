using FluentValidation;

namespace PortfolioTracker.Application.Prices.Queries.GetPrice;

public sealed class GetPriceQueryValidator : AbstractValidator<GetPriceQuery>
{
    public GetPriceQueryValidator(IMarketData market)
    {
        RuleFor(q => q.CoinId).Must(PriceRules.IsCoinId).WithMessage("Must be a market-data id such as 'bitcoin'.");
        RuleFor(q => q.Vs).SupportedVs(market);
    }
}

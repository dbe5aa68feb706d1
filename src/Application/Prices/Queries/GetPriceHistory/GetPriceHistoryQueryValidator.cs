using FluentValidation;

namespace PortfolioTracker.Application.Prices.Queries.GetPriceHistory;

public sealed class GetPriceHistoryQueryValidator : AbstractValidator<GetPriceHistoryQuery>
{
    public GetPriceHistoryQueryValidator(IMarketData market)
    {
        RuleFor(q => q.CoinId).Must(PriceRules.IsCoinId).WithMessage("Must be a market-data id such as 'bitcoin'.");
        RuleFor(q => q.Vs).SupportedVs(market);
        RuleFor(q => q.Days).InclusiveBetween(1, GetPriceHistoryQuery.MaxDays).WithMessage($"Must be between 1 and {GetPriceHistoryQuery.MaxDays}.");
    }
}

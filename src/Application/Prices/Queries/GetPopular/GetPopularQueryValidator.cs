using FluentValidation;

namespace PortfolioTracker.Application.Prices.Queries.GetPopular;

public sealed class GetPopularQueryValidator : AbstractValidator<GetPopularQuery>
{
    public GetPopularQueryValidator(IMarketData market)
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, GetPopularQuery.MaxLimit).WithMessage($"Must be between 1 and {GetPopularQuery.MaxLimit}.");
        RuleFor(q => q.Vs).SupportedVs(market);
    }
}

using FluentValidation;

namespace PortfolioTracker.Application.Prices.Queries.GetBulkPrices;

/// <summary>Only the request's shape: a malformed coin id is one coin's error, not the batch's.</summary>
public sealed class GetBulkPricesQueryValidator : AbstractValidator<GetBulkPricesQuery>
{
    public GetBulkPricesQueryValidator(IMarketData market)
    {
        RuleFor(q => q.Coins).NotNull().WithMessage("Is required.")
            .Must(c => c!.Count is >= 1 and <= GetBulkPricesQuery.MaxCoins).WithMessage($"Must hold 1-{GetBulkPricesQuery.MaxCoins} coin ids.")
            .Must(c => c!.All(id => id is not null)).WithMessage("Coin ids must be strings.");
        RuleFor(q => q.Vs).SupportedVs(market);
        RuleFor(q => q.TimeoutMs).InclusiveBetween(1, GetBulkPricesQuery.MaxTimeoutMs).When(q => q.TimeoutMs is not null)
            .WithMessage($"Must be between 1 and {GetBulkPricesQuery.MaxTimeoutMs} milliseconds.");
    }
}

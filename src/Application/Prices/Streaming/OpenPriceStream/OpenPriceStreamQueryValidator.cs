using FluentValidation;

namespace PortfolioTracker.Application.Prices.Streaming.OpenPriceStream;

public sealed class OpenPriceStreamQueryValidator : AbstractValidator<OpenPriceStreamQuery>
{
    public OpenPriceStreamQueryValidator(IMarketData market)
    {
        RuleFor(q => q.Coins).NotEmpty().WithMessage("Is required: comma-separated coin ids such as 'bitcoin,ethereum'.")
            .Must((q, _) => q.CoinIds.Count is >= 1 and <= OpenPriceStreamQuery.MaxCoins)
            .WithMessage($"Must name 1-{OpenPriceStreamQuery.MaxCoins} coin ids.")
            .Must((q, _) => q.CoinIds.All(PriceRules.IsCoinId))
            .WithMessage("Must be market-data ids such as 'bitcoin' (lower-case letters, digits and dashes).");
        RuleFor(q => q.Vs).SupportedVs(market);
        RuleFor(q => q.Interval).InclusiveBetween(1, OpenPriceStreamQuery.MaxInterval).When(q => q.Interval is not null)
            .WithMessage($"Must be between 1 and {OpenPriceStreamQuery.MaxInterval} seconds.");
        RuleFor(q => q.MaxUpdates).InclusiveBetween(1, OpenPriceStreamQuery.MaxMaxUpdates).When(q => q.MaxUpdates is not null)
            .WithMessage($"Must be between 1 and {OpenPriceStreamQuery.MaxMaxUpdates}.");
    }
}

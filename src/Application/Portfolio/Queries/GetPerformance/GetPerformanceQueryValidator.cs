using FluentValidation;
using PortfolioTracker.Application.Assets;

namespace PortfolioTracker.Application.Portfolio.Queries.GetPerformance;

public sealed class GetPerformanceQueryValidator : AbstractValidator<GetPerformanceQuery>
{
    public GetPerformanceQueryValidator(IAssetCatalog catalog, TimeProvider clock)
    {
        RuleFor(q => q.Quote!).KnownAsset(catalog).When(q => q.Quote is not null);
        RuleFor(q => q.Interval).Must(i => i is null or "day").WithMessage("Must be 'day'.");
        RuleFor(q => q.From).Must((q, _) => q.Range(clock.GetUtcNow()) is var (from, to) && from <= to)
            .WithMessage("Must not be after 'to' (when omitted, 'to' is now).");
        RuleFor(q => q.From).Must((q, _) => q.Range(clock.GetUtcNow()) is var (from, _) && clock.GetUtcNow() - from <= TimeSpan.FromDays(GetPerformanceQuery.MaxDays))
            .WithMessage($"Must be within the last {GetPerformanceQuery.MaxDays} days (the reach of the providers' price history).");
    }
}

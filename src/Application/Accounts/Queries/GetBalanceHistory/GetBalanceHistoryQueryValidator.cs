using FluentValidation;
using PortfolioTracker.Application.Assets;

namespace PortfolioTracker.Application.Accounts.Queries.GetBalanceHistory;

public sealed class GetBalanceHistoryQueryValidator : AbstractValidator<GetBalanceHistoryQuery>
{
    public GetBalanceHistoryQueryValidator(IAssetCatalog catalog, TimeProvider clock)
    {
        RuleFor(q => q.Interval).Must(i => i is null or "hour" or "day").WithMessage("Must be 'hour' or 'day'.");
        RuleFor(q => q.Asset!).KnownAsset(catalog).When(q => q.Asset is not null);
        RuleFor(q => q.To).Must((q, _) => GetBalanceHistoryQueryHandler.Range(q, clock.GetUtcNow()) is var (from, to) && to >= from)
            .When(q => q.From is not null || q.To is not null)
            .WithMessage("Must not be before 'from' (when omitted, 'to' is now).");
        RuleFor(q => q).Must(q => GetBalanceHistoryQueryHandler.PointCount(q, clock.GetUtcNow()) <= GetBalanceHistoryQuery.MaxPoints)
            .WithName("from").OverridePropertyName("from")
            .WithMessage($"The range holds more than {GetBalanceHistoryQuery.MaxPoints} intervals; narrow it or use a larger interval.");
    }
}

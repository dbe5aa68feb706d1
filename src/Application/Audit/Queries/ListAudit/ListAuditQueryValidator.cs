using FluentValidation;
using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.Audit.Queries.ListAudit;

public sealed class ListAuditQueryValidator : AbstractValidator<ListAuditQuery>
{
    public ListAuditQueryValidator()
    {
        RuleFor(q => q.EntityType).MaximumLength(50).WithMessage("Must be at most 50 characters.");
        RuleFor(q => q.EntityId).MaximumLength(300).WithMessage("Must be at most 300 characters.");
        RuleFor(q => q.Action).MaximumLength(100).WithMessage("Must be at most 100 characters.");
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("Must not be before 'from'.");
        RuleFor(q => q.Limit).ValidPageLimit();
        RuleFor(q => q.Cursor).ValidPageCursor();
    }
}

using FluentValidation;
using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.Transactions.Queries.ListTransactions;

public sealed class ListTransactionsQueryValidator : AbstractValidator<ListTransactionsQuery>
{
    public ListTransactionsQueryValidator()
    {
        RuleFor(q => q.Type).Must(t => t is null or "credit" or "debit" or "transfer" or "trade" or "reversal")
            .WithMessage("Must be one of credit, debit, transfer, trade, reversal.");
        RuleFor(q => q.Status).Must(s => s is null or "pending" or "completed" or "voided" or "reversed")
            .WithMessage("Must be one of pending, completed, voided, reversed.");
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("Must not be before 'from'.");
        RuleFor(q => q.Limit).ValidPageLimit();
        RuleFor(q => q.Cursor).ValidPageCursor();
    }
}

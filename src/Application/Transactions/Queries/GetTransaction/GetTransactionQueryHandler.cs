using MediatR;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions.Queries.GetTransaction;

/// <summary>
/// A transaction touching one of the caller's accounts (an incoming transfer included); any one for an admin, whose
/// look at another user's transaction is audited.
/// </summary>
internal sealed class GetTransactionQueryHandler(ITransactionQueries queries, ICurrentUser currentUser, IAuditLog auditLog)
    : IRequestHandler<GetTransactionQuery, Result<TransactionDto>>
{
    public async Task<Result<TransactionDto>> Handle(GetTransactionQuery request, CancellationToken cancellationToken)
    {
        var view = await queries.FindAsync(request.TransactionId, cancellationToken);
        var actor = currentUser.Actor;
        if (view is null || (!actor.IsAdmin && !view.Touches(actor.UserId)))
        {
            return LedgerErrors.TransactionNotFound;
        }

        if (actor.IsAdmin)
        {
            if (!view.Touches(actor.UserId))
            {
                await auditLog.RecordAsync(new AuditEntry("admin.read_transaction", "transaction", request.TransactionId.ToString()), cancellationToken);
            }

            return view.Transaction;
        }

        return view.Transaction.ForViewer(accountId => view.Owners.GetValueOrDefault(accountId) == actor.UserId);
    }
}

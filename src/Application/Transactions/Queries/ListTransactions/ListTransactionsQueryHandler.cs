using MediatR;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Transactions.Queries.ListTransactions;

internal sealed class ListTransactionsQueryHandler(
    ITransactionQueries queries,
    IAccountQueries accounts,
    AccountAccess access,
    ICurrentUser currentUser) : IRequestHandler<ListTransactionsQuery, Result<Page<TransactionDto>>>
{
    public async Task<Result<Page<TransactionDto>>> Handle(ListTransactionsQuery request, CancellationToken cancellationToken)
    {
        var actor = currentUser.Actor;
        IReadOnlyCollection<Guid> accountIds;
        if (request.AccountId is { } accountId)
        {
            var account = await access.ReadAsync(accountId, "transactions", cancellationToken);
            if (account.IsFailure)
            {
                return account.Error;
            }

            accountIds = [accountId];
        }
        else
        {
            accountIds = [.. (await accounts.ListAsync(actor.UserId, cancellationToken)).Select(a => a.Id)];
        }

        var filter = new TransactionFilter(request.Type, request.Status, request.From, request.To);
        var page = await queries.ListAsync(accountIds, filter, PaginationRules.ToPageRequest(request.Limit, request.Cursor), cancellationToken);
        var items = page.Items
            .Select(view => actor.IsAdmin ? view.Transaction : view.Transaction.ForViewer(id => view.Owners.GetValueOrDefault(id) == actor.UserId))
            .ToList();
        return new Page<TransactionDto>(items, page.NextCursor);
    }
}

using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Accounts.Queries.ListAccounts;

internal sealed class ListAccountsQueryHandler(IAccountQueries queries, ICurrentUser currentUser)
    : IRequestHandler<ListAccountsQuery, Result<ItemList<AccountDto>>>
{
    public async Task<Result<ItemList<AccountDto>>> Handle(ListAccountsQuery request, CancellationToken cancellationToken) =>
        new ItemList<AccountDto>(await queries.ListAsync(currentUser.Actor.UserId, cancellationToken));
}

using MediatR;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Accounts.Queries.GetBalances;

internal sealed class GetBalancesQueryHandler(AccountAccess access, IAccountQueries queries)
    : IRequestHandler<GetBalancesQuery, Result<ItemList<BalanceDto>>>
{
    public async Task<Result<ItemList<BalanceDto>>> Handle(GetBalancesQuery request, CancellationToken cancellationToken)
    {
        // The account comes with its balances (current, or at the instant asked for) in one round trip; nothing is
        // shown before the access check.
        var found = await queries.FindWithBalancesAsync(request.AccountId, request.At, cancellationToken);
        var allowed = await access.CheckAsync(request.AccountId, found?.View, "balances", cancellationToken);
        return allowed.IsFailure ? allowed.Error : new ItemList<BalanceDto>(found!.Balances);
    }
}

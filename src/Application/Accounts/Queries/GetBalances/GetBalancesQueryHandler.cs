using MediatR;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Accounts.Queries.GetBalances;

internal sealed class GetBalancesQueryHandler(AccountAccess access, IAccountQueries queries)
    : IRequestHandler<GetBalancesQuery, Result<ItemList<BalanceDto>>>
{
    public async Task<Result<ItemList<BalanceDto>>> Handle(GetBalancesQuery request, CancellationToken cancellationToken)
    {
        if (request.At is not { } at)
        {
            // The current balances come with the account, in one round trip; nothing is shown before the check.
            var found = await queries.FindWithBalancesAsync(request.AccountId, cancellationToken);
            var current = await access.CheckAsync(request.AccountId, found?.View, "balances", cancellationToken);
            return current.IsFailure ? current.Error : new ItemList<BalanceDto>(found!.Balances);
        }

        var account = await access.ReadAsync(request.AccountId, "balances", cancellationToken);
        if (account.IsFailure)
        {
            return account.Error;
        }

        var baseCurrency = AssetCode.Parse(account.Value.BaseCurrency);
        return new ItemList<BalanceDto>(await queries.BalancesAtAsync(request.AccountId, baseCurrency, at, cancellationToken));
    }
}

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
        var account = await access.ReadAsync(request.AccountId, "balances", cancellationToken);
        if (account.IsFailure)
        {
            return account.Error;
        }

        var baseCurrency = AssetCode.Parse(account.Value.BaseCurrency);
        var balances = request.At is { } at
            ? await queries.BalancesAtAsync(request.AccountId, baseCurrency, at, cancellationToken)
            : await queries.BalancesAsync(request.AccountId, baseCurrency, cancellationToken);
        return new ItemList<BalanceDto>(balances);
    }
}

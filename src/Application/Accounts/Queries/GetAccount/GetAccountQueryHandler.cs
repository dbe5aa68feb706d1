using MediatR;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Accounts.Queries.GetAccount;

internal sealed class GetAccountQueryHandler(AccountAccess access) : IRequestHandler<GetAccountQuery, Result<AccountDto>>
{
    public Task<Result<AccountDto>> Handle(GetAccountQuery request, CancellationToken cancellationToken) =>
        access.ReadAsync(request.AccountId, "account", cancellationToken);
}

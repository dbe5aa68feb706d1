using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Prices.Commands.ClearCache;

internal sealed class ClearPriceCacheCommandHandler(IMarketData market, ICurrentUser currentUser) : IRequestHandler<ClearPriceCacheCommand, Result>
{
    public Task<Result> Handle(ClearPriceCacheCommand request, CancellationToken cancellationToken)
    {
        if (!currentUser.Actor.IsAdmin)
        {
            return Task.FromResult<Result>(UserErrors.AdminOnly);
        }

        market.Clear();
        return Task.FromResult(Result.Success());
    }
}

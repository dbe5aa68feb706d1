using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Prices.Queries.GetCacheStats;

internal sealed class GetPriceCacheStatsQueryHandler(IMarketData market, ICurrentUser currentUser)
    : IRequestHandler<GetPriceCacheStatsQuery, Result<PriceCacheStatsDto>>
{
    public Task<Result<PriceCacheStatsDto>> Handle(GetPriceCacheStatsQuery request, CancellationToken cancellationToken)
    {
        if (!currentUser.Actor.IsAdmin)
        {
            return Task.FromResult<Result<PriceCacheStatsDto>>(UserErrors.AdminOnly);
        }

        var stats = market.Stats();
        var asked = stats.Hits + stats.Misses;
        var ratio = asked == 0 ? 0m : Math.Round((decimal)stats.Hits / asked, 4, MidpointRounding.AwayFromZero);
        return Task.FromResult<Result<PriceCacheStatsDto>>(new PriceCacheStatsDto(stats.Entries, stats.Hits, stats.Misses, ratio, stats.Evictions));
    }
}

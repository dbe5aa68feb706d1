using MediatR;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices.Queries.GetPopular;

internal sealed class GetPopularQueryHandler(IMarketData market) : IRequestHandler<GetPopularQuery, Result<ItemList<PriceDto>>>
{
    public async Task<Result<ItemList<PriceDto>>> Handle(GetPopularQuery request, CancellationToken cancellationToken)
    {
        var popular = await market.GetPopularAsync(request.Vs ?? PriceRules.DefaultVs, request.Limit, cancellationToken);
        return popular.Map(prices => new ItemList<PriceDto>([.. prices.Select(PriceDto.From)]));
    }
}

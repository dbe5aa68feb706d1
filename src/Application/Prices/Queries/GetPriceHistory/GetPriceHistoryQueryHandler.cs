using MediatR;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices.Queries.GetPriceHistory;

internal sealed class GetPriceHistoryQueryHandler(IMarketData market) : IRequestHandler<GetPriceHistoryQuery, Result<ItemList<PricePointDto>>>
{
    public async Task<Result<ItemList<PricePointDto>>> Handle(GetPriceHistoryQuery request, CancellationToken cancellationToken)
    {
        var history = await market.GetHistoryAsync(request.CoinId, request.Vs ?? PriceRules.DefaultVs, request.Days, cancellationToken);
        return history.Map(points => new ItemList<PricePointDto>([.. points.Select(p => new PricePointDto(p.At, DecimalAmount.FormatNormalized(p.Price)))]));
    }
}

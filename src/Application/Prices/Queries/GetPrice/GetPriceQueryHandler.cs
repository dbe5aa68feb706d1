using MediatR;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices.Queries.GetPrice;

/// <summary>One coin's price: fresh, or the last known one marked stale; 404 for a coin no provider knows, 503 when none is known.</summary>
internal sealed class GetPriceQueryHandler(IMarketData market) : IRequestHandler<GetPriceQuery, Result<PriceDto>>
{
    public async Task<Result<PriceDto>> Handle(GetPriceQuery request, CancellationToken cancellationToken)
    {
        var outcomes = await market.GetPricesAsync([request.CoinId], request.Vs ?? PriceRules.DefaultVs, null, cancellationToken);
        var outcome = outcomes[request.CoinId];
        return outcome.Price is { } price ? PriceDto.From(price) : PriceErrors.Of(outcome.Failure!.Value);
    }
}

using MediatR;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices.Streaming.OpenPriceStream;

/// <summary>
/// Subscribes to the live feed and reads the coins' current prices (waiting a few seconds at most for providers).
/// When no provider knows any of the coins the stream is refused (404); coins unknown among known ones are reported
/// once in the first tick and left out.
/// </summary>
internal sealed class OpenPriceStreamQueryHandler(IPriceTicks ticks, IMarketData market, TimeProvider clock)
    : IRequestHandler<OpenPriceStreamQuery, Result<PriceStreamSession>>
{
    /// <summary>Ticks a subscriber may fall behind by before the oldest are dropped.</summary>
    internal const int QueueCapacity = 64;

    private static readonly TimeSpan FirstPricesWait = TimeSpan.FromSeconds(5);

    public async Task<Result<PriceStreamSession>> Handle(OpenPriceStreamQuery request, CancellationToken cancellationToken)
    {
        var coins = request.CoinIds;
        var vs = request.Vs ?? PriceRules.DefaultVs;
        var seed = await market.GetPricesAsync(coins, vs, FirstPricesWait, cancellationToken);
        if (seed.Values.All(o => o.Failure == PriceFailure.UnknownCoin))
        {
            return PriceErrors.UnknownCoin;
        }

        var subscription = ticks.Subscribe(QueueCapacity);
        subscription.Add(coins.Select(c => new PriceKey(c, vs)));
        return new PriceStreamSession(
            subscription,
            market,
            clock,
            coins,
            vs,
            TimeSpan.FromSeconds(request.Interval ?? OpenPriceStreamQuery.DefaultInterval),
            request.MaxUpdates,
            request.LastId,
            seed);
    }
}

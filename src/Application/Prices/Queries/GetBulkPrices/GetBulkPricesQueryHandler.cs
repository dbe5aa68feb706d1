using System.Diagnostics;
using MediatR;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices.Queries.GetBulkPrices;

/// <summary>
/// Many coins at once: every coin missing from the cache is fetched in one upstream call, and each coin fails on its
/// own (malformed id, unknown, unavailable, past the deadline) without failing the others.
/// </summary>
internal sealed class GetBulkPricesQueryHandler(IMarketData market) : IRequestHandler<GetBulkPricesQuery, Result<BulkPricesDto>>
{
    private static readonly Error InvalidCoinId =
        Error.Restore("invalid_coin_id", "Not a market-data id such as 'bitcoin'.", ErrorKind.Validation, null);

    public async Task<Result<BulkPricesDto>> Handle(GetBulkPricesQuery request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var coins = request.Coins!.Distinct(StringComparer.Ordinal).ToList();
        var valid = coins.Where(PriceRules.IsCoinId).ToList();
        var wait = request.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        var outcomes = valid.Count == 0
            ? new Dictionary<string, PriceOutcome>()
            : await market.GetPricesAsync(valid, request.Vs ?? PriceRules.DefaultVs, wait, cancellationToken);

        var items = coins.Select(coin => !PriceRules.IsCoinId(coin)
                ? BulkPriceItemDto.Failed(coin, InvalidCoinId)
                : outcomes[coin] is { Price: { } price }
                    ? BulkPriceItemDto.Of(PriceDto.From(price))
                    : BulkPriceItemDto.Failed(coin, PriceErrors.Of(outcomes[coin].Failure!.Value)))
            .ToList();
        var succeeded = items.Count(i => i.Error is null);
        return new BulkPricesDto(items, succeeded, items.Count - succeeded, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

using MediatR;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Portfolio.Queries.GetPerformance;

/// <summary>
/// The portfolio's value at the close of each UTC day: what was held then × the price then, in the quote asset. When the
/// range reaches now, the last item is the current value (current holdings × current prices). An asset whose price
/// history is unavailable is left out and named in <c>errors</c>; the request itself does not fail.
/// </summary>
internal sealed class GetPerformanceQueryHandler(
    PortfolioScope scope,
    IPortfolioQueries queries,
    IAssetCatalog catalog,
    PriceOracle prices,
    TimeProvider clock) : IRequestHandler<GetPerformanceQuery, Result<PerformanceDto>>
{
    public async Task<Result<PerformanceDto>> Handle(GetPerformanceQuery request, CancellationToken cancellationToken)
    {
        var quote = await catalog.FindAsync(request.Quote ?? "USD", cancellationToken)
            ?? throw new InvalidOperationException("The validator lets only known quote assets through.");
        var scoped = await scope.AccountsAsync(request.AccountId, cancellationToken);
        if (scoped.IsFailure)
        {
            return scoped.Error;
        }

        var accounts = scoped.Value.InScope;

        var now = clock.GetUtcNow();
        var (from, to) = request.Range(now);
        var firstDay = DayOf(from);
        var lastDay = DayOf(to);
        var daily = await queries.DailyHoldingsAsync(accounts, firstDay, lastDay, cancellationToken);
        var reachesNow = to >= now - TimeSpan.FromSeconds(1);
        var current = reachesNow ? await queries.HoldingsAsync(accounts, cancellationToken) : [];

        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var code in daily.Where(d => d.Quantity != 0).Select(d => d.Asset).Concat(current.Select(c => c.Asset)).Distinct())
        {
            assets[code] = await catalog.FindAsync(code, cancellationToken) ?? throw new InvalidOperationException($"Unknown asset {code}.");
        }

        var errors = new List<PerformanceErrorDto>();
        var series = new Dictionary<string, PriceSeries>(StringComparer.Ordinal);
        var historyDays = (int)Math.Ceiling((now - firstDay).TotalDays) + 1;
        foreach (var (code, asset) in assets)
        {
            var history = await prices.HistoryAsync(asset, quote, historyDays, cancellationToken);
            if (history.IsSuccess)
            {
                series[code] = history.Value;
            }
            else
            {
                errors.Add(new PerformanceErrorDto(code, history.Error.Code, history.Error.Message));
            }
        }

        var byDay = daily.ToLookup(d => d.Day);
        var items = new List<PerformancePointDto>();
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            var isToday = reachesNow && day == lastDay;
            var at = isToday ? now : Min(day.AddDays(1), to);
            var held = isToday ? current.Select(c => (c.Asset, c.Quantity)) : byDay[day].Select(d => (d.Asset, d.Quantity));
            var value = 0m;
            foreach (var (code, quantity) in held)
            {
                if (quantity != 0 && series.TryGetValue(code, out var prices))
                {
                    value += DecimalAmount.MultiplyRounded(quantity, prices.At(at), quote.Decimals);
                }
            }

            items.Add(new PerformancePointDto(at, quote.Format(value)));
        }

        if (reachesNow && items.Count > 0)
        {
            // The current value with current prices, exactly as GET /portfolio reports it.
            items[^1] = new PerformancePointDto(now, quote.Format(await CurrentValueAsync(current, assets, series, quote, cancellationToken)));
        }

        return new PerformanceDto(quote.Code.Value, items, errors);
    }

    private async Task<decimal> CurrentValueAsync(
        IReadOnlyList<HoldingRow> current, Dictionary<string, Asset> assets, Dictionary<string, PriceSeries> series, Asset quote, CancellationToken cancellationToken)
    {
        var held = current.Where(c => series.ContainsKey(c.Asset)).ToList();
        var priced = await prices.PricesAsync([.. held.Select(c => assets[c.Asset])], quote, cancellationToken);
        return held.Sum(c => priced[assets[c.Asset].Code].Price is { } price ? DecimalAmount.MultiplyRounded(c.Quantity, price, quote.Decimals) : 0m);
    }

    private static DateTimeOffset DayOf(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

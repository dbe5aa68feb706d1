using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Portfolio;

namespace PortfolioTracker.Application.Portfolio;

/// <summary>
/// Replays the cost events of the accounts in scope into one weighted-average <see cref="CostBasis"/> per non-fiat
/// asset, in the quote asset:
/// <list type="bullet">
/// <item>a buy adds its total (fee included) — in the quote directly, or converted at the trade's time;</item>
/// <item>a crypto received as the proceeds of a sale costs its market value at that time;</item>
/// <item>a credit adds the price it carried (converted at its time), else an unknown cost;</item>
/// <item>anything else arriving from outside the scope has an unknown cost; whatever leaves takes its share of cost.</item>
/// </list>
/// Conversions use the providers' price history (up to 365 days back); an older conversion leaves the cost unknown.
/// </summary>
internal sealed class CostBases(IPortfolioQueries queries, IAssetCatalog catalog, PriceOracle prices, TimeProvider clock)
{
    private const int MaxHistoryDays = 365;

    public async Task<IReadOnlyDictionary<AssetCode, CostBasis>> ReplayAsync(
        IReadOnlyCollection<Guid> accountIds, Asset quote, CancellationToken cancellationToken)
    {
        var events = await queries.CostEventsAsync(accountIds, cancellationToken);
        var books = new Dictionary<AssetCode, CostBasis>();
        var rates = new Dictionary<AssetCode, PriceSeries?>();
        foreach (var change in events)
        {
            var asset = await catalog.FindAsync(change.Asset, cancellationToken);
            if (asset is null || asset.Kind == AssetKind.Fiat)
            {
                continue;
            }

            var book = books.TryGetValue(asset.Code, out var existing) ? existing : books[asset.Code] = new CostBasis();
            if (change.Amount < 0)
            {
                book.Dispose(-change.Amount);
                continue;
            }

            book.Acquire(change.Amount, await CostOfAsync(change, asset, quote, rates, cancellationToken));
        }

        return books;
    }

    /// <summary>What the units arriving with this event cost, in the quote; null when unknown.</summary>
    private async Task<decimal?> CostOfAsync(
        CostEvent change, Asset asset, Asset quote, Dictionary<AssetCode, PriceSeries?> rates, CancellationToken cancellationToken)
    {
        if (change.Type == "trade" && change.TradeSide == "buy" && change.TradeAsset == change.Asset)
        {
            return await ConvertAsync(change.TradeTotal!.Value, change.TradeQuoteAsset!, quote, change.At, rates, cancellationToken);
        }

        if (change.Type == "trade" && change.TradeQuoteAsset == change.Asset)
        {
            return await ConvertAsync(change.Amount, asset.Code.Value, quote, change.At, rates, cancellationToken);
        }

        if (change.Type == "credit" && change.UnitCostPrice is { } unitPrice)
        {
            return await ConvertAsync(change.Amount * unitPrice, change.UnitCostAsset!, quote, change.At, rates, cancellationToken);
        }

        return null;
    }

    /// <summary>An amount of one asset in the quote at a past instant; null when the history does not reach back.</summary>
    private async Task<decimal?> ConvertAsync(
        decimal amount, string from, Asset quote, DateTimeOffset at, Dictionary<AssetCode, PriceSeries?> rates, CancellationToken cancellationToken)
    {
        if (from == quote.Code.Value)
        {
            return amount;
        }

        var source = await catalog.FindAsync(from, cancellationToken);
        if (source is null)
        {
            return null;
        }

        if (!rates.TryGetValue(source.Code, out var series))
        {
            var history = await prices.HistoryAsync(source, quote, MaxHistoryDays, cancellationToken);
            rates[source.Code] = series = history.IsSuccess ? history.Value : null;
        }

        if (series is null || !series.Covers(at) || clock.GetUtcNow() - at > TimeSpan.FromDays(MaxHistoryDays))
        {
            return null;
        }

        return amount * series.At(at);
    }
}

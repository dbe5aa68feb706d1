using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Portfolio;

namespace PortfolioTracker.Application.Portfolio;

/// <summary>
/// Replays the cost events of all the owner's accounts into one weighted-average <see cref="CostBasis"/> per account and
/// non-fiat asset, in the quote asset, and combines those of the accounts in scope:
/// <list type="bullet">
/// <item>a buy adds its total (fee included) — in the quote directly, or converted at the trade's time;</item>
/// <item>a crypto received as the proceeds of a sale costs its market value at that time;</item>
/// <item>a credit adds the price it carried (converted at its time), else an unknown cost;</item>
/// <item>units moved between two of the owner's accounts take their share of cost with them;</item>
/// <item>anything else arriving from outside has an unknown cost; whatever leaves takes its share of cost.</item>
/// </list>
/// Conversions use the providers' price history (up to 365 days back); an older conversion leaves the cost unknown.
/// </summary>
internal sealed class CostBases(IPortfolioQueries queries, IAssetCatalog catalog, PriceOracle prices, TimeProvider clock)
{
    private const int MaxHistoryDays = 365;

    public async Task<IReadOnlyDictionary<AssetCode, CostBasis>> ReplayAsync(
        PortfolioAccounts accounts, Asset quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var books = new Dictionary<(Guid Account, AssetCode Asset), CostBasis>();
        var rates = new Dictionary<AssetCode, PriceSeries?>();
        var assets = new Dictionary<string, Asset?>(StringComparer.Ordinal);
        var transaction = new List<CostEvent>();

        // The events come a transaction at a time; only the current one is kept.
        await foreach (var change in queries.CostEventsAsync(accounts.OwnersAccounts, cancellationToken))
        {
            if (transaction.Count > 0 && transaction[0].TransactionId != change.TransactionId)
            {
                await ApplyAsync(transaction, books, assets, rates, quote, cancellationToken);
                transaction.Clear();
            }

            transaction.Add(change);
        }

        if (transaction.Count > 0)
        {
            await ApplyAsync(transaction, books, assets, rates, quote, cancellationToken);
        }

        return books
            .Where(b => accounts.InScope.Contains(b.Key.Account))
            .GroupBy(b => b.Key.Asset)
            .ToDictionary(g => g.Key, g => CostBasis.Combine(g.Select(b => b.Value)));
    }

    /// <summary>One transaction's events, what leaves first, so that units moving between the owner's accounts arrive with the cost they left with.</summary>
    private async Task ApplyAsync(
        List<CostEvent> transaction,
        Dictionary<(Guid Account, AssetCode Asset), CostBasis> books,
        Dictionary<string, Asset?> assets,
        Dictionary<AssetCode, PriceSeries?> rates,
        Asset quote,
        CancellationToken cancellationToken)
    {
        var moving = new Dictionary<AssetCode, (decimal Quantity, decimal? Cost)>();
        foreach (var change in transaction.OrderBy(e => e.Amount > 0))
        {
            if (!assets.TryGetValue(change.Asset, out var asset))
            {
                assets[change.Asset] = asset = await catalog.FindAsync(change.Asset, cancellationToken);
            }

            if (asset is null || asset.Kind == AssetKind.Fiat)
            {
                continue;
            }

            var key = (change.AccountId, asset.Code);
            var book = books.TryGetValue(key, out var existing) ? existing : books[key] = new CostBasis();
            if (change.Amount < 0)
            {
                var leaving = book.Release(-change.Amount);
                var moved = moving.GetValueOrDefault(asset.Code, (0m, 0m));
                moving[asset.Code] = (moved.Quantity - change.Amount, moved.Cost + leaving);
                continue;
            }

            var cost = change.Type == "transfer" && moving.TryGetValue(asset.Code, out var left) && left.Quantity > 0
                ? (change.Amount == left.Quantity ? left.Cost : left.Cost * change.Amount / left.Quantity)
                : await CostOfAsync(change, asset, quote, rates, cancellationToken);
            book.Acquire(change.Amount, cost);
        }
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

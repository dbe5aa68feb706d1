using MediatR;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Portfolio.Queries.GetPortfolio;

/// <summary>
/// Holdings × current prices in the quote asset, with weighted-average cost and unrealized P&amp;L. A holding whose price
/// is unavailable is reported with an error rather than failing the request; cash (fiat) is valued at the current rate
/// and carries no P&amp;L.
/// </summary>
internal sealed class GetPortfolioQueryHandler(
    PortfolioScope scope,
    IPortfolioQueries queries,
    IAssetCatalog catalog,
    PriceOracle prices,
    CostBases costs,
    TimeProvider clock) : IRequestHandler<GetPortfolioQuery, Result<PortfolioDto>>
{
    public async Task<Result<PortfolioDto>> Handle(GetPortfolioQuery request, CancellationToken cancellationToken)
    {
        var quote = await catalog.FindAsync(request.Quote ?? GetPortfolioQuery.DefaultQuote, cancellationToken)
            ?? throw new InvalidOperationException("The validator lets only known quote assets through.");
        var scoped = await scope.AccountsAsync(request.AccountId, cancellationToken);
        if (scoped.IsFailure)
        {
            return scoped.Error;
        }

        var accounts = scoped.Value.InScope;

        var asOf = clock.GetUtcNow();
        var holdings = new List<(Asset Asset, decimal Quantity)>();
        foreach (var row in await queries.HoldingsAsync(accounts, cancellationToken))
        {
            holdings.Add((await catalog.FindAsync(row.Asset, cancellationToken) ?? throw new InvalidOperationException($"Unknown asset {row.Asset}."), row.Quantity));
        }

        var priced = await prices.PricesAsync([.. holdings.Select(h => h.Asset)], quote, cancellationToken);
        var books = await costs.ReplayAsync(scoped.Value, quote, cancellationToken);
        var lines = holdings.Select(h => LineOf(h.Asset, h.Quantity, priced[h.Asset.Code], books.GetValueOrDefault(h.Asset.Code), quote)).ToList();

        var totalValue = lines.Sum(l => l.Value ?? 0m);
        var items = lines
            .OrderByDescending(l => l.Value ?? -1m)
            .ThenBy(l => l.Asset.Code.Value, StringComparer.Ordinal)
            .Select(l => l.ToDto(quote, totalValue))
            .ToList();
        return new PortfolioDto(
            quote.Code.Value,
            asOf,
            quote.Format(totalValue),
            quote.Format(lines.Sum(l => l.CostBasis ?? 0m)),
            quote.Format(lines.Sum(l => l.Pnl ?? 0m)),
            items);
    }

    private static Line LineOf(Asset asset, decimal quantity, AssetPrice price, Domain.Portfolio.CostBasis? book, Asset quote)
    {
        if (price.Price is not { } unitPrice)
        {
            return new Line(asset, quantity, null, null, null, null, price.Stale, price.Error);
        }

        var value = DecimalAmount.MultiplyRounded(quantity, unitPrice, quote.Decimals);
        if (asset.Kind == AssetKind.Fiat)
        {
            // Cash is worth what it is worth now: valued at the current rate, no unrealized P&L of its own.
            return new Line(asset, quantity, unitPrice, value, unitPrice, value, price.Stale, null);
        }

        var averageCost = book?.AverageCost;
        var costBasis = book?.Cost is { } cost && book.Quantity == quantity ? DecimalAmount.Round(cost, quote.Decimals) : (decimal?)null;
        return new Line(asset, quantity, unitPrice, value, costBasis is null ? null : averageCost, costBasis, price.Stale, null);
    }

    private sealed record Line(
        Asset Asset, decimal Quantity, decimal? Price, decimal? Value, decimal? AverageCost, decimal? CostBasis, bool Stale, Error? Error)
    {
        public decimal? Pnl => Value is { } value && CostBasis is { } cost ? value - cost : null;

        public HoldingDto ToDto(Asset quote, decimal totalValue) => new(
            Asset.Code.Value,
            Asset.Format(Quantity),
            Price is { } price ? DecimalAmount.FormatNormalized(price) : null,
            Value is { } value ? quote.Format(value) : null,
            AverageCost is { } average ? quote.Format(DecimalAmount.Round(average, quote.Decimals)) : null,
            CostBasis is { } cost ? quote.Format(cost) : null,
            Pnl is { } pnl ? quote.Format(pnl) : null,
            Value is { } share ? DecimalAmount.Format(totalValue == 0 ? 0 : DecimalAmount.DivideRounded(share * 100, totalValue, 2), 2) : null,
            Stale,
            Error is { } error ? new PriceErrorDto(error.Code, error.Message) : null);
    }
}

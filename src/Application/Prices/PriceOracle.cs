using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices;

/// <summary>
/// The price of one unit of an asset in a quote asset, or why there is none. <see cref="Stale"/> when any price it
/// was derived from is past its freshness; <see cref="FetchedAt"/> is the oldest of them.
/// </summary>
public sealed record AssetPrice(decimal? Price, bool Stale, DateTimeOffset? FetchedAt, string? Source, Error? Error)
{
    public static AssetPrice Failed(Error error) => new(null, false, null, null, error);
}

/// <summary>
/// Prices of ledger assets in any quote asset, through the market-data providers ("FX through the providers"):
/// <list type="bullet">
/// <item>a coin in a quote the providers price in (usd, eur, gbp, btc, eth …): directly;</item>
/// <item>a fiat currency: across bitcoin (EUR in USD = BTC/USD ÷ BTC/EUR);</item>
/// <item>in a quote the providers do not price in (e.g. SOL): across USD (asset/USD ÷ SOL/USD).</item>
/// </list>
/// Every (coin, vs) needed is fetched in one bulk call per vs currency.
/// </summary>
public sealed class PriceOracle(IMarketData market)
{
    private const string Bridge = "bitcoin";
    private const string Usd = "usd";

    public async Task<IReadOnlyDictionary<AssetCode, AssetPrice>> PricesAsync(
        IReadOnlyCollection<Asset> assets, Asset quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(quote);
        var formulas = assets.Distinct().ToDictionary(a => a.Code, a => FormulaOf(a, quote));
        var legs = formulas.Values.Where(f => f is not null).SelectMany(f => f!.Numerator.Concat(f.Denominator)).Distinct().ToList();
        var quotes = new Dictionary<(string Coin, string Vs), PriceOutcome>();
        foreach (var byVs in legs.GroupBy(l => l.Vs))
        {
            var outcomes = await market.GetPricesAsync([.. byVs.Select(l => l.Coin).Distinct()], byVs.Key, null, cancellationToken);
            foreach (var (coin, outcome) in outcomes)
            {
                quotes[(coin, byVs.Key)] = outcome;
            }
        }

        return formulas.ToDictionary(f => f.Key, f => f.Value is null ? AssetPrice.Failed(Unpriceable(f.Key, quote)) : Evaluate(f.Value, quotes));
    }

    /// <summary>A single asset's price in the quote.</summary>
    public async Task<AssetPrice> PriceAsync(Asset asset, Asset quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return (await PricesAsync([asset], quote, cancellationToken))[asset.Code];
    }

    /// <summary>
    /// The asset's price in the quote over the last <paramref name="days"/> days (at most 365), derived the same way as
    /// current prices; an error when some history it needs is unavailable.
    /// </summary>
    public async Task<Result<PriceSeries>> HistoryAsync(Asset asset, Asset quote, int days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(quote);
        if (FormulaOf(asset, quote) is not { } formula)
        {
            return Unpriceable(asset.Code, quote);
        }

        if (formula.Numerator.Count == 0 && formula.Denominator.Count == 0)
        {
            return PriceSeries.One;
        }

        var series = new Dictionary<Leg, PriceSeries>();
        foreach (var leg in formula.Numerator.Concat(formula.Denominator).Distinct())
        {
            var history = await market.GetHistoryAsync(leg.Coin, leg.Vs, Math.Clamp(days, 1, 365), cancellationToken);
            if (history.IsFailure)
            {
                return history.Error;
            }

            series[leg] = new PriceSeries(history.Value);
        }

        // The combined series is sampled at the points of the first leg; the others are read at the same instants.
        var first = series[formula.Numerator.Count > 0 ? formula.Numerator[0] : formula.Denominator[0]];
        var points = first.Points.Select(p =>
        {
            var numerator = formula.Numerator.Aggregate(1m, (v, l) => v * series[l].At(p.At));
            var denominator = formula.Denominator.Aggregate(1m, (v, l) => v * series[l].At(p.At));
            return new PricePoint(p.At, denominator == 0 ? 0 : DecimalAmount.DivideRounded(numerator, denominator, 18));
        });
        return new PriceSeries([.. points]);
    }

    private Formula? FormulaOf(Asset asset, Asset quote)
    {
        if (asset.Code == quote.Code)
        {
            return new Formula([], []);
        }

        var quoteVs = VsOf(quote);
        if (quoteVs is not null)
        {
            return InVs(asset, quoteVs);
        }

        // The providers do not price in this quote: go across USD.
        if (quote.PriceId is null || InVs(asset, Usd) is not { } assetInUsd)
        {
            return null;
        }

        return new Formula(assetInUsd.Numerator, [.. assetInUsd.Denominator, new Leg(quote.PriceId, Usd)]);
    }

    /// <summary>The asset's price in a vs currency the providers price in.</summary>
    private Formula? InVs(Asset asset, string vs)
    {
        if (VsOf(asset) == vs)
        {
            return new Formula([], []);
        }

        if (asset.PriceId is not null)
        {
            return new Formula([new Leg(asset.PriceId, vs)], []);
        }

        // A fiat currency: what bitcoin costs in the target over what it costs in the currency.
        return VsOf(asset) is { } assetVs ? new Formula([new Leg(Bridge, vs)], [new Leg(Bridge, assetVs)]) : null;
    }

    private string? VsOf(Asset asset)
    {
        var code = asset.Code.Value.ToLowerInvariant();
        return market.VsCurrencies.Contains(code) ? code : null;
    }

    private static AssetPrice Evaluate(Formula formula, Dictionary<(string Coin, string Vs), PriceOutcome> quotes)
    {
        var numerator = 1m;
        var denominator = 1m;
        var stale = false;
        DateTimeOffset? fetchedAt = null;
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (leg, isNumerator) in formula.Numerator.Select(l => (l, true)).Concat(formula.Denominator.Select(l => (l, false))))
        {
            var outcome = quotes[(leg.Coin, leg.Vs)];
            if (outcome.Price is not { } price)
            {
                return AssetPrice.Failed(PriceErrors.Of(outcome.Failure!.Value));
            }

            if (isNumerator)
            {
                numerator *= price.Price;
            }
            else
            {
                denominator *= price.Price;
            }

            stale |= price.Stale;
            fetchedAt = fetchedAt is { } earlier && earlier < price.FetchedAt ? earlier : price.FetchedAt;
            sources.Add(price.Source);
        }

        if (denominator == 0)
        {
            return AssetPrice.Failed(PriceErrors.Unavailable);
        }

        var value = DecimalAmount.DivideRounded(numerator, denominator, 18);
        return new AssetPrice(value, stale, fetchedAt, sources.Count == 0 ? "identity" : string.Join("+", sources), null);
    }

    private static Error Unpriceable(AssetCode asset, Asset quote) =>
        Error.Unavailable("price_unavailable", $"No provider prices {asset} in {quote.Code}.");

    private sealed record Leg(string Coin, string Vs);

    private sealed record Formula(IReadOnlyList<Leg> Numerator, IReadOnlyList<Leg> Denominator);
}

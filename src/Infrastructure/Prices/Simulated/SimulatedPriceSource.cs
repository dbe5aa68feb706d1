using Microsoft.Extensions.Options;
using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Infrastructure.Prices.Simulated;

/// <summary>
/// The offline market (<c>Prices:Provider=Simulated</c>, the default of build/run.sh): prices of the best-known coins in
/// usd, eur, gbp, btc and eth, from <see cref="SimulatedMarket"/>. Never fails, never needs the internet.
/// </summary>
internal sealed class SimulatedPriceSource(TimeProvider clock, IOptions<SimulatedOptions> options) : IPriceSource
{
    public string Name => "simulated";

    public Task<IReadOnlyList<ProviderQuote>> GetPricesAsync(IReadOnlyCollection<string> coinIds, string vs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coinIds);
        var now = clock.GetUtcNow();
        IReadOnlyList<ProviderQuote> quotes = [.. coinIds.Select(SimulatedMarket.Find).OfType<SimulatedMarket.Coin>().Select(c => Quote(c, vs, now))];
        return Task.FromResult(quotes);
    }

    public Task<IReadOnlyList<ProviderQuote>> GetMarketsAsync(string vs, int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<ProviderQuote> quotes = [.. SimulatedMarket.Coins.Select(c => Quote(c, vs, now)).OrderByDescending(q => q.MarketCap).Take(limit)];
        return Task.FromResult(quotes);
    }

    public Task<IReadOnlyList<ProviderPricePoint>> GetHistoryAsync(string coinId, string vs, int days, CancellationToken cancellationToken)
    {
        var coin = SimulatedMarket.Find(coinId);
        if (coin is null)
        {
            return Task.FromResult<IReadOnlyList<ProviderPricePoint>>([]);
        }

        // Like CoinGecko: hourly points for up to 90 days, daily beyond; the last point is now.
        var now = clock.GetUtcNow();
        var step = days <= 90 ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var start = now - TimeSpan.FromDays(days);
        var points = new List<ProviderPricePoint>();
        for (var at = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % step.Ticks), TimeSpan.Zero) + step; at < now; at += step)
        {
            points.Add(new ProviderPricePoint(at, Price(coin, vs, at)));
        }

        points.Add(new ProviderPricePoint(now, Price(coin, vs, now)));
        return Task.FromResult<IReadOnlyList<ProviderPricePoint>>(points);
    }

    private ProviderQuote Quote(SimulatedMarket.Coin coin, string vs, DateTimeOffset now)
    {
        var price = Price(coin, vs, now);
        var dayAgo = Price(coin, vs, now - TimeSpan.FromDays(1));
        var change = Math.Round((price - dayAgo) / dayAgo * 100m, 4, MidpointRounding.AwayFromZero);
        var marketCap = Math.Round(price * coin.Supply, 2, MidpointRounding.AwayFromZero);
        return new ProviderQuote(coin.Id, coin.Symbol, coin.Name, price, marketCap, change, now);
    }

    /// <summary>The coin's price in a vs currency: fiat through its rate to USD, btc and eth through their USD price.</summary>
    private decimal Price(SimulatedMarket.Coin coin, string vs, DateTimeOffset at)
    {
        var seed = options.Value.Seed;
        var usd = SimulatedMarket.UsdPrice(coin, at, seed);
        if (SimulatedMarket.FiatPerUsd.ContainsKey(vs))
        {
            return Math.Round(usd * SimulatedMarket.FiatRate(vs, at, seed), 10, MidpointRounding.AwayFromZero);
        }

        var reference = vs switch
        {
            "btc" => SimulatedMarket.Find("bitcoin"),
            "eth" => SimulatedMarket.Find("ethereum"),
            _ => null,
        } ?? throw new NotSupportedException($"The simulated market has no prices in '{vs}'.");
        return Math.Round(usd / SimulatedMarket.UsdPrice(reference, at, seed), 12, MidpointRounding.AwayFromZero);
    }
}

/// <summary>Settings of <c>Prices:Simulated</c>.</summary>
public sealed class SimulatedOptions
{
    /// <summary>The seed of the simulation: the same seed gives the same market everywhere (default 42).</summary>
    public long Seed { get; set; } = 42;
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Infrastructure.Prices.Binance;
using PortfolioTracker.Infrastructure.Prices.CoinGecko;
using PortfolioTracker.Infrastructure.Prices.Simulated;

namespace PortfolioTracker.Infrastructure.Prices;

/// <summary>The providers by configuration name, and the chain <c>Prices:Provider</c> + <c>Prices:Fallbacks</c> make.</summary>
internal static class PriceSources
{
    /// <summary>Every provider name the configuration may use, and how to get the provider.</summary>
    public static readonly IReadOnlyDictionary<string, Func<IServiceProvider, IPriceSource>> ByName =
        new Dictionary<string, Func<IServiceProvider, IPriceSource>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Simulated"] = provider => provider.GetRequiredService<SimulatedPriceSource>(),
            ["CoinGecko"] = provider => provider.GetRequiredService<CoinGeckoPriceSource>(),
            ["Binance"] = provider => provider.GetRequiredService<BinancePriceSource>(),
        };

    /// <summary>The configured order: the provider, then its fallbacks (none for the simulation).</summary>
    public static IReadOnlyList<string> Order(PricesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.Equals(options.Provider, "Simulated", StringComparison.OrdinalIgnoreCase))
        {
            return [options.Provider];
        }

        IEnumerable<string> fallbacks = options.Fallbacks.Count > 0 ? options.Fallbacks : PricesOptions.DefaultFallbacks;
        return [options.Provider, .. fallbacks.Where(f => !string.Equals(f, options.Provider, StringComparison.OrdinalIgnoreCase))];
    }

    public static PriceSourceChain CreateChain(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<PricesOptions>>().Value;
        var factories = Order(options).Select(name => ByName.TryGetValue(name, out var factory)
                ? (Func<IPriceSource>)(() => factory(provider))
                : throw new InvalidOperationException($"Prices:Provider / Prices:Fallbacks name an unknown provider '{name}' (known: {string.Join(", ", ByName.Keys)})."))
            .ToList();
        return new PriceSourceChain(factories, provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<PriceSourceChain>>());
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PortfolioTracker.Infrastructure.Prices.Binance;
using PortfolioTracker.Infrastructure.Prices.CoinGecko;

namespace PortfolioTracker.Infrastructure.Prices.Http;

/// <summary>The HTTP market-data providers: typed HttpClients with the resilience handler, and their health.</summary>
internal static class PriceSourceRegistration
{
    public const string UserAgent = "PortfolioTracker/1.0";

    /// <summary>
    /// Registers <see cref="CoinGeckoPriceSource"/> and <see cref="BinancePriceSource"/> (typed clients, transient:
    /// resolve them per use, e.g. through a factory, so IHttpClientFactory can rotate their handlers),
    /// <see cref="ProviderHealth"/> and the per-provider resilience. Reads <see cref="PricesOptions"/> (bound by the
    /// caller) when a client is first created. <see cref="BinancePriceSource"/> needs an
    /// <see cref="Application.Assets.IAssetCatalog"/>.
    /// </summary>
    internal static IServiceCollection AddHttpPriceSources(this IServiceCollection services)
    {
        services.AddOptions<PricesOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProviderHealth>();
        services.TryAddSingleton<ProviderResilienceRegistry>();
        services.TryAddSingleton<BinanceInvalidSymbols>();

        services.AddHttpClient<CoinGeckoPriceSource>((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<PricesOptions>>().Value.CoinGecko;
                Configure(client, options.BaseUrl, options);
                if (!string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    var header = string.Equals(options.ApiKeyType?.Trim(), "pro", StringComparison.OrdinalIgnoreCase)
                        ? "x-cg-pro-api-key"
                        : "x-cg-demo-api-key";
                    client.DefaultRequestHeaders.Add(header, options.ApiKey.Trim());
                }
            })
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler(provider => new ResilienceHandler(
                provider.GetRequiredService<ProviderResilienceRegistry>().For(CoinGeckoPriceSource.Key, o => o.CoinGecko)));

        services.AddHttpClient<BinancePriceSource>((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<PricesOptions>>().Value.Binance;
                Configure(client, options.BaseUrl, options);
            })
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler(provider => new ResilienceHandler(
                provider.GetRequiredService<ProviderResilienceRegistry>().For(BinancePriceSource.Key, o => o.Binance)));

        return services;
    }

    /// <summary>
    /// The base address always ends with a slash, so relative paths (<c>simple/price</c>) append to a base that has a
    /// path (<c>…/api/v3</c>) instead of replacing its last segment.
    /// </summary>
    internal static Uri BaseAddress(string baseUrl)
    {
        if (string.IsNullOrWhiteSpace(baseUrl) || !Uri.TryCreate(baseUrl.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"'{baseUrl}' is not an absolute http(s) URL for a price provider.");
        }

        return uri;
    }

    private static void Configure(HttpClient client, string baseUrl, ProviderResilienceOptions options)
    {
        client.BaseAddress = BaseAddress(baseUrl);

        // The pipeline's total timeout governs; this only backs it up.
        client.Timeout = ResilienceSettings.From(options).TotalTimeout + TimeSpan.FromSeconds(5);
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    private static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        // Connections are renewed (DNS changes are seen) even if a typed client is held longer than a handler's lifetime.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    };
}

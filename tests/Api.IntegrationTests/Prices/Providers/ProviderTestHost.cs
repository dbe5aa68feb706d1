using Microsoft.Extensions.DependencyInjection;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Infrastructure.Prices;
using PortfolioTracker.Infrastructure.Prices.Binance;
using PortfolioTracker.Infrastructure.Prices.CoinGecko;
using PortfolioTracker.Infrastructure.Prices.Http;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Providers;

/// <summary>
/// The real wiring (<c>AddHttpPriceSources</c>) pointed at a <see cref="FakeUpstream"/>, with small timeouts and a
/// generous budget unless a test says otherwise. One per test: every test gets its own breakers and budgets.
/// </summary>
internal sealed class ProviderTestHost : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private ProviderTestHost(ServiceProvider services) => this.services = services;

    public static ProviderTestHost Create(FakeUpstream fake, Action<PricesOptions>? configure = null, IAssetCatalog? catalog = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(catalog ?? new FakeAssetCatalog());
        services.Configure<PricesOptions>(options =>
        {
            options.CoinGecko.BaseUrl = fake.Url("api/v3");
            options.Binance.BaseUrl = fake.Url();
            foreach (var provider in new ProviderResilienceOptions[] { options.CoinGecko, options.Binance })
            {
                provider.RequestsPerMinute = 6000;
                // Generous, so a cold fake on a loaded machine is not retried; tests of timeouts set their own.
                provider.AttemptTimeoutSeconds = 10;
                provider.TotalTimeoutSeconds = 20;
                provider.MaxRetries = 2;
                provider.RetryBaseDelayMilliseconds = 20;
                provider.BreakerMinimumThroughput = 100;
                provider.BreakerSamplingSeconds = 10;
                provider.BreakDurationSeconds = 1;
            }

            configure?.Invoke(options);
        });
        services.AddHttpPriceSources();
        return new ProviderTestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public CoinGeckoPriceSource CoinGecko => services.GetRequiredService<CoinGeckoPriceSource>();

    public BinancePriceSource Binance => services.GetRequiredService<BinancePriceSource>();

    public ProviderHealth Health => services.GetRequiredService<ProviderHealth>();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

/// <summary>A fixed asset catalog: USD, BTC, ETH, USDT, SHIB and an unlisted FOO, with their CoinGecko ids.</summary>
internal sealed class FakeAssetCatalog : IAssetCatalog
{
    private readonly IReadOnlyList<Asset> assets =
    [
        Create("USD", "US Dollar", AssetKind.Fiat, 2, null),
        Create("BTC", "Bitcoin", AssetKind.Crypto, 8, "bitcoin"),
        Create("ETH", "Ether", AssetKind.Crypto, 18, "ethereum"),
        Create("USDT", "Tether", AssetKind.Crypto, 6, "tether"),
        Create("SHIB", "Shiba Inu", AssetKind.Crypto, 18, "shiba-inu"),
        Create("FOO", "Foo Coin", AssetKind.Crypto, 8, "foo-coin"),
    ];

    public Task<Asset?> FindAsync(AssetCode code, CancellationToken cancellationToken) =>
        Task.FromResult(assets.FirstOrDefault(a => a.Code == code));

    public Task<IReadOnlyList<Asset>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(assets);

    public void Invalidate()
    {
    }

    private static Asset Create(string code, string name, AssetKind kind, int decimals, string? priceId) =>
        Asset.Create(AssetCode.Parse(code), name, kind, decimals, priceId).Value;
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Prices.Cache;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Endpoints;

/// <summary>
/// The API (on a database of its own) whose only price provider is a <see cref="FakePriceSource"/> the tests can fail
/// or hold, and whose price cache runs on a <see cref="ManualClock"/> (the rest of the API keeps the real clock).
/// </summary>
public sealed class ControlledMarketApiFactory : ApiFactory
{
    internal FakePriceSource Source { get; } = new("fake");

    internal ManualClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<PriceSourceChain>();
            services.AddSingleton(new PriceSourceChain([() => Source], NullLogger<PriceSourceChain>.Instance));
            services.RemoveAll<MarketDataService>();
            services.AddSingleton(provider => new MarketDataService(
                provider.GetRequiredService<PriceSourceChain>(),
                provider.GetRequiredService<IAssetCatalog>(),
                provider.GetRequiredService<IOptions<PricesOptions>>(),
                Clock));
        });
    }
}

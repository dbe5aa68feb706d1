using Microsoft.Extensions.Logging.Abstractions;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Cache;

/// <summary>A <see cref="MarketDataService"/> over fake providers, a manual clock and an empty asset catalog.</summary>
internal sealed class MarketHarness
{
    private MarketHarness(PricesOptions options, FakePriceSource[] sources)
    {
        Options = options;
        Sources = sources;
        var chain = new PriceSourceChain([.. sources.Select(s => (Func<Application.Prices.IPriceSource>)(() => s))], NullLogger<PriceSourceChain>.Instance);
        Market = new MarketDataService(chain, new EmptyCatalog(), Microsoft.Extensions.Options.Options.Create(options), Clock);
    }

    public ManualClock Clock { get; } = new();

    public PricesOptions Options { get; }

    public IReadOnlyList<FakePriceSource> Sources { get; }

    public FakePriceSource Primary => Sources[0];

    public MarketDataService Market { get; }

    /// <summary>TTL 60 s, negative cache 30 s, history 300 s, 10,000 entries unless <paramref name="configure"/> says otherwise.</summary>
    public static MarketHarness Create(Action<PricesOptions>? configure = null, params FakePriceSource[] sources)
    {
        var options = new PricesOptions { CacheTtlSeconds = 60, NegativeCacheSeconds = 30, HistoryCacheSeconds = 300, MaxCacheEntries = 10_000 };
        configure?.Invoke(options);
        return new MarketHarness(options, sources.Length > 0 ? sources : [new FakePriceSource()]);
    }

    private sealed class EmptyCatalog : IAssetCatalog
    {
        public Task<Asset?> FindAsync(AssetCode code, CancellationToken cancellationToken) => Task.FromResult<Asset?>(null);

        public Task<IReadOnlyList<Asset>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Asset>>([]);

        public void Invalidate()
        {
        }
    }
}

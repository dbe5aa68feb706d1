using PortfolioTracker.Application.Assets;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Providers;

/// <summary>A fresh <see cref="FakeUpstream"/> per test, and the providers wired against it.</summary>
public abstract class ProviderTestBase : IAsyncLifetime
{
    private readonly List<ProviderTestHost> hosts = [];

    protected FakeUpstream Fake { get; private set; } = null!;

    public async Task InitializeAsync() => Fake = await FakeUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        await Fake.DisposeAsync();
    }

    private protected ProviderTestHost Host(Action<PricesOptions>? configure = null, IAssetCatalog? catalog = null)
    {
        var host = ProviderTestHost.Create(Fake, configure, catalog);
        hosts.Add(host);
        return host;
    }

    /// <summary>Milliseconds between two requests the fake received.</summary>
    protected static double MillisecondsBetween(ReceivedRequest first, ReceivedRequest second) =>
        System.Diagnostics.Stopwatch.GetElapsedTime(first.Timestamp, second.Timestamp).TotalMilliseconds;
}

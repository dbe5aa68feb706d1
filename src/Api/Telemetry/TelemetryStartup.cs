using PortfolioTracker.Application.Common.Telemetry;

namespace PortfolioTracker.Api.Telemetry;

/// <summary>
/// At start-up, after the database is ready: creates every <see cref="IObservableMetrics"/> so their series are there
/// from the first scrape on.
/// </summary>
internal sealed class TelemetryStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetServices<IObservableMetrics>().ToList();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

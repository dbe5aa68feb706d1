using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PortfolioTracker.Api.Telemetry;

namespace PortfolioTracker.Api.IntegrationTests.Telemetry;

/// <summary>
/// The <c>/metrics</c> text, rendered from real OpenTelemetry collections of a meter of the test's own: names, types,
/// help, histogram buckets, escaping. No host, no database.
/// </summary>
public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter meter = new($"PortfolioTracker.Tests.{Guid.NewGuid():N}");
    private readonly PrometheusMetricReader reader = PrometheusMetricReader.Create();
    private readonly MeterProvider provider;

    public PrometheusExporterTests() =>
        provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name).AddReader(reader).Build();

    [Fact]
    public void Scrape_RendersACounterWithTotalSuffixHelpAndType()
    {
        var counter = meter.CreateCounter<long>("shop.orders", "{order}", "Orders placed.");
        counter.Add(2, new KeyValuePair<string, object?>("shop.region", "eu"));
        counter.Add(3, new KeyValuePair<string, object?>("shop.region", "eu"));

        var text = Scrape();

        text.ShouldContain("# HELP shop_orders_total Orders placed.\n# TYPE shop_orders_total counter\nshop_orders_total{shop_region=\"eu\"} 5\n");
    }

    public void Dispose()
    {
        provider.Dispose();
        meter.Dispose();
    }

    private string Scrape() => reader.Scrape() ?? throw new InvalidOperationException("The collection failed.");
}

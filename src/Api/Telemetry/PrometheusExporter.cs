using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace PortfolioTracker.Api.Telemetry;

/// <summary>
/// Renders what the SDK hands it in the Prometheus text format and keeps the text for the scrape that asked for the
/// collection (<see cref="PrometheusMetricReader.Scrape"/>). It declares the SDK's default export mode, not
/// <see cref="ExportModes.Pull"/>: the SDK lets only its own Prometheus exporter collect a pull-only reader; the
/// reader here is never periodic, so collections still happen only when scraped (and once more at shutdown, unread).
/// </summary>
internal sealed class PrometheusExporter : BaseExporter<Metric>
{
    private volatile string? rendered;

    /// <summary>The text of the last export, taken (the next scrape gets the next collection's).</summary>
    public string? Take() => Interlocked.Exchange(ref rendered, null);

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var metrics = new List<Metric>();
        foreach (var metric in batch)
        {
            metrics.Add(metric);
        }

        rendered = PrometheusText.Render(metrics);
        return ExportResult.Success;
    }
}

/// <summary>
/// The metric reader behind <c>/metrics</c>: nothing is collected until a scrape asks, then every instrument is read
/// (observable callbacks included) and rendered. Cumulative temporality, as Prometheus expects. Scrapes are serialized.
/// </summary>
internal sealed class PrometheusMetricReader : BaseExportingMetricReader
{
    private readonly PrometheusExporter prometheus;
    private readonly Lock gate = new();

    private PrometheusMetricReader(PrometheusExporter exporter)
        : base(exporter) => prometheus = exporter;

    /// <summary>A reader with its own exporter (which it disposes).</summary>
    public static PrometheusMetricReader Create() => new(new PrometheusExporter());

    /// <summary>Collects now and answers the text; null when the collection failed (no provider, shut down, timed out).</summary>
    public string? Scrape(int timeoutMilliseconds = 5_000)
    {
        lock (gate)
        {
            prometheus.Take();
            return Collect(timeoutMilliseconds) ? prometheus.Take() : null;
        }
    }
}

using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PortfolioTracker.Application.Common.Telemetry;
using PortfolioTracker.Application.Transactions;

namespace PortfolioTracker.Api.Telemetry;

/// <summary>
/// The OpenTelemetry SDK of this process (a singleton, created before the host starts, disposed — and so flushed —
/// when it has stopped):
/// <list type="bullet">
/// <item>traces from ASP.NET Core, HttpClient, Npgsql and our own source; exported over OTLP only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) is set, otherwise kept in process
/// (the activities still carry the W3C trace id that logs and problem responses show);</item>
/// <item>metrics from the framework's meters, Npgsql and ours, read by <see cref="PrometheusMetricReader"/> for
/// <c>/metrics</c> (unless <c>Metrics:Enabled</c> is false) and, with <c>OTEL_METRICS_EXPORTER=otlp</c>, pushed over OTLP.</item>
/// </list>
/// The standard <c>OTEL_*</c> settings (service name, sampler, OTLP protocol, headers, …) are read by the SDK from the
/// application's configuration, so environment variables and appsettings both work.
/// </summary>
internal sealed partial class TelemetryPipeline : IDisposable
{
    public const string DefaultServiceName = "portfoliotracker-api";

    /// <summary>The meters exported: the framework's, the database driver's and ours.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
        "System.Net.Http",
        "Npgsql",
        Instrumentation.Name,
        "PortfolioTracker.Streaming",
    ];

    /// <summary>The activity sources traced when traces are exported.</summary>
    public static readonly IReadOnlyList<string> Sources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", Instrumentation.Name];

    /// <summary>
    /// The sources listened to: all of <see cref="Sources"/> when traces are exported; otherwise those that carry the
    /// trace context (the request, outgoing HTTP calls, our own spans), not Npgsql's. Npgsql builds each command's
    /// statement text for its span as soon as anything listens — for a transfer's write batch, the text of all its
    /// statements joined, 8 % of the bytes a transfer allocated — even when the sampler then drops the span.
    /// </summary>
    public static IReadOnlyList<string> TracedSources(bool exported) =>
        exported ? Sources : [.. Sources.Where(source => source != "Npgsql")];

    /// <summary>
    /// Buckets (seconds) for duration histograms whose instrument gives no advice: those ASP.NET Core advises for
    /// <c>http.server.request.duration</c>.
    /// </summary>
    public static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>Series kept per metric unless <see cref="CardinalityLimit"/> says otherwise.</summary>
    internal const int DefaultCardinalityLimit = 200;

    private readonly OpenTelemetrySdk sdk;
    private int disposed;

    public TelemetryPipeline(IConfiguration configuration, IMeterFactory meterFactory, IOptions<MetricsOptions> options, ILogger<TelemetryPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var otlpTraces = OtlpConfigured(configuration, "TRACES");
        var otlpMetrics = OtlpConfigured(configuration, "METRICS")
            && string.Equals(configuration["OTEL_METRICS_EXPORTER"]?.Trim(), "otlp", StringComparison.OrdinalIgnoreCase);
        Metrics = options.Value.Enabled ? PrometheusMetricReader.Create() : null;

        sdk = OpenTelemetrySdk.Create(builder =>
        {
            builder.Services.AddSingleton(configuration);
            builder.ConfigureResource(resource => resource.AddService(
                serviceName: ServiceName(configuration),
                serviceVersion: typeof(TelemetryPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion));

            builder.WithTracing(tracing =>
            {
                tracing.AddSource([.. TracedSources(otlpTraces)]);
                if (otlpTraces)
                {
                    tracing.AddOtlpExporter();
                }
                else
                {
                    // Nothing to export to: spans still carry the trace context (W3C propagation, trace ids in problems
                    // and logs) but record nothing — no tags, events or timing collected only to be dropped.
                    tracing.SetSampler(new AlwaysOffSampler());
                }
            });

            if (Metrics is not null || otlpMetrics)
            {
                builder.WithMetrics(metrics =>
                {
                    metrics.AddMeter([.. Meters]);
                    metrics.AddView(instrument => View(instrument, meterFactory));
                    if (Metrics is not null)
                    {
                        metrics.AddReader(Metrics);
                    }

                    if (otlpMetrics)
                    {
                        metrics.AddOtlpExporter();
                    }
                });
            }
        });

        var serviceName = ServiceName(configuration);
        LogStarted(logger, serviceName, otlpTraces, otlpMetrics, Metrics is not null);
    }

    /// <summary>The reader behind <c>/metrics</c>; null when <c>Metrics:Enabled</c> is false.</summary>
    public PrometheusMetricReader? Metrics { get; }

    /// <summary><c>OTEL_SERVICE_NAME</c>, else <c>portfoliotracker-api</c>.</summary>
    public static string ServiceName(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration["OTEL_SERVICE_NAME"];
        return string.IsNullOrWhiteSpace(name) ? DefaultServiceName : name.Trim();
    }

    /// <summary>Flushes and shuts the providers down (exporters send what they hold). Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            sdk.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry of {ServiceName}: traces exported over OTLP: {OtlpTraces}, metrics over OTLP: {OtlpMetrics}, /metrics served: {Scraped}")]
    private static partial void LogStarted(ILogger logger, string serviceName, bool otlpTraces, bool otlpMetrics, bool scraped);

    /// <summary>An endpoint is configured for the signal, and its exporter is not switched off (<c>OTEL_*_EXPORTER=none</c>).</summary>
    private static bool OtlpConfigured(IConfiguration configuration, string signal)
    {
        var endpoint = configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"] is { Length: > 0 } specific
            ? specific
            : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        return !string.IsNullOrWhiteSpace(endpoint)
            && !string.Equals(configuration[$"OTEL_{signal}_EXPORTER"]?.Trim(), "none", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Instruments of meters another host's <see cref="IMeterFactory"/> created (several hosts in one process, as in
    /// tests) are left to that host. Duration histograms in seconds without advice get <see cref="SecondsBuckets"/>;
    /// everything else keeps the SDK's defaults, which honour the instrument's advice.
    /// </summary>
    internal static MetricStreamConfiguration? View(Instrument instrument, IMeterFactory own)
    {
        if (instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own))
        {
            return MetricStreamConfiguration.Drop;
        }

        var limit = CardinalityLimit(instrument.Name);
        return instrument is Histogram<double> { Unit: "s" } histogram && histogram.Advice?.HistogramBucketBoundaries is null
            ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets, CardinalityLimit = limit }
            : new MetricStreamConfiguration { CardinalityLimit = limit };
    }

    /// <summary>
    /// How many series (tag combinations) a metric keeps; measurements with further combinations are added up in one
    /// series tagged <c>otel_metric_overflow="true"</c>. The SDK allocates every metric's series up front (2,000 by
    /// default: a 144 KB array per metric, about 6 MB of the idle process for the ~50 metrics exported), so each gets
    /// what its tags can reach: requests by route × method × status 2,000; the volume by asset (the catalog can grow)
    /// 1,000; the rest, whose tags take a handful of values each, 200.
    /// </summary>
    internal static int CardinalityLimit(string instrumentName) => instrumentName switch
    {
        "http.server.request.duration" => 2000,
        LedgerMetrics.VolumeInstrumentName => 1000,
        _ => DefaultCardinalityLimit,
    };
}

/// <summary>Settings of the <c>Metrics</c> section.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Serve <c>GET /metrics</c> (anonymous, never rate limited). Default true.</summary>
    public bool Enabled { get; set; } = true;
}

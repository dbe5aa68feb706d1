using System.Text.RegularExpressions;

namespace PortfolioTracker.Api.IntegrationTests.Deployment;

/// <summary>
/// The metric names the API exports (docs/operations.md): OpenTelemetry instruments in Prometheus form. The dashboard
/// may query these and nothing else (besides Prometheus's own <c>up</c>).
/// </summary>
public static partial class MetricContract
{
    /// <summary>Histograms: exported as <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series.</summary>
    public static readonly string[] Histograms = ["http_server_request_duration_seconds", "kestrel_connection_duration_seconds"];

    public static readonly string[] Others =
    [
        "http_server_active_requests",
        "kestrel_active_connections",
        "dotnet_gc_collections_total",
        "dotnet_process_memory_working_set_bytes",
        "dotnet_thread_pool_thread_count",
        "portfoliotracker_ledger_transactions_total",
        "portfoliotracker_ledger_refusals_total",
        "portfoliotracker_ledger_volume_total",
        "portfoliotracker_prices_provider_requests_total",
        "portfoliotracker_prices_provider_failures_total",
        "portfoliotracker_prices_provider_throttled_total",
        "portfoliotracker_prices_provider_circuit_state",
        "portfoliotracker_prices_provider_budget_rejections_total",
        "portfoliotracker_prices_cache_hits_total",
        "portfoliotracker_prices_cache_misses_total",
        "portfoliotracker_prices_cache_entries",
        "portfoliotracker_stream_subscribers",
        "portfoliotracker_stream_ticks_dropped_total",
        "portfoliotracker_http_rate_limited_total",
    ];

    /// <summary>
    /// Series that exist only after an event a short test run does not cause (a provider failing or throttling, a
    /// rate limit hit, a slow stream client, an HTTP provider being called): a counter or gauge with no measurement
    /// yet has no series. The dashboard may query them; the exporter is only expected to show them once they happen.
    /// </summary>
    public static readonly string[] EventOnly =
    [
        "portfoliotracker_prices_provider_requests_total",
        "portfoliotracker_prices_provider_failures_total",
        "portfoliotracker_prices_provider_throttled_total",
        "portfoliotracker_prices_provider_circuit_state",
        "portfoliotracker_prices_provider_budget_rejections_total",
        "portfoliotracker_stream_ticks_dropped_total",
        "portfoliotracker_http_rate_limited_total",
        "kestrel_connection_duration_seconds_bucket",
        "kestrel_connection_duration_seconds_sum",
        "kestrel_connection_duration_seconds_count",
    ];

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "atan2",
        "inf", "nan",
    };

    /// <summary>Every series name the API may export.</summary>
    public static IReadOnlySet<string> SeriesNames { get; } =
        Histograms.SelectMany(h => new[] { $"{h}_bucket", $"{h}_sum", $"{h}_count" }).Concat(Others).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The metric names a PromQL expression reads: identifiers that are neither functions, keywords, label names
    /// (inside <c>{...}</c> or <c>by (...)</c>) nor strings, numbers or durations.
    /// </summary>
    public static IReadOnlySet<string> MetricsIn(string promQl)
    {
        ArgumentNullException.ThrowIfNull(promQl);
        var text = Quoted().Replace(promQl, "\"\"");
        text = Matchers().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = Variables().Replace(text, "1m");
        text = RangesAndOffsets().Replace(text, " ");
        return Identifiers().Matches(text)
            .Where(m => !(m.Index + m.Length < text.Length && text[(m.Index + m.Length)..].TrimStart().StartsWith('(')))
            .Select(m => m.Value)
            .Where(name => !PromQlWords.Contains(name.ToLowerInvariant()))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex Quoted();

    [GeneratedRegex("\\{[^}]*\\}")]
    private static partial Regex Matchers();

    [GeneratedRegex("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)")]
    private static partial Regex Grouping();

    [GeneratedRegex("\\$\\{?\\w+\\}?")]
    private static partial Regex Variables();

    [GeneratedRegex("\\[[^\\]]*\\]")]
    private static partial Regex RangesAndOffsets();

    [GeneratedRegex("(?<![\\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}

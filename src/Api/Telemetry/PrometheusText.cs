using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace PortfolioTracker.Api.Telemetry;

/// <summary>
/// Renders collected OpenTelemetry metrics in the Prometheus text exposition format 0.0.4: per family one
/// <c># HELP</c> and one <c># TYPE</c> line, then its samples. Counters are <c>counter</c> (named <c>…_total</c>),
/// gauges and up/down counters <c>gauge</c>, histograms <c>histogram</c> with cumulative <c>_bucket{le}</c> samples
/// (the last one <c>le="+Inf"</c>, equal to <c>_count</c>), <c>_sum</c> and <c>_count</c>. Label values are escaped
/// (<c>\\</c>, <c>\"</c>, <c>\n</c>), help texts too (<c>\\</c>, <c>\n</c>).
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Instruments published as counters although their value goes down too (the .NET runtime creates these two as
    /// observable counters; the semantic conventions define them as up/down counters): rendered as gauges, without
    /// <c>_total</c>.
    /// </summary>
    private static readonly HashSet<(string Meter, string Instrument)> NotMonotonic =
    [
        ("System.Runtime", "dotnet.thread_pool.thread.count"),
        ("System.Runtime", "dotnet.thread_pool.queue.length"),
    ];

    /// <summary>The text of every metric (call it while the metrics are being exported: their points are valid then).</summary>
    public static string Render(IEnumerable<Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var families = new List<Family>();
        var byName = new Dictionary<string, Family>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            if (TypeOf(metric) is not { } type)
            {
                continue;
            }

            var name = PrometheusNaming.MetricName(metric.Name, metric.Unit, type == "counter");
            if (!byName.TryGetValue(name, out var family))
            {
                family = new Family(name, type, string.IsNullOrWhiteSpace(metric.Description) ? metric.Name : metric.Description);
                byName[name] = family;
                families.Add(family);
            }
            else if (family.Type != type)
            {
                // Two instruments of different kinds mapped to one name: a family has one type, the later one is left out.
                continue;
            }

            WriteSamples(family.Samples, name, metric);
        }

        var text = new StringBuilder();
        foreach (var family in families)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            text.Append(family.Samples);
        }

        return text.ToString();
    }

    /// <summary><c>\</c> → <c>\\</c>, <c>"</c> → <c>\"</c>, line feed → <c>\n</c>.</summary>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary><c>\</c> → <c>\\</c>, line feed → <c>\n</c>.</summary>
    public static string EscapeHelp(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        return help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>A sample value: integers as they are, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, otherwise the shortest round-trip form.</summary>
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string? TypeOf(Metric metric) => metric.MetricType switch
    {
        MetricType.LongSum or MetricType.DoubleSum when NotMonotonic.Contains((metric.MeterName, metric.Name)) => "gauge",
        MetricType.LongSum or MetricType.DoubleSum => "counter",
        MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic or MetricType.LongGauge or MetricType.DoubleGauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => null,
    };

    private static void WriteSamples(StringBuilder samples, string name, Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(samples, name, labels, null, point.GetSumLong().ToString(CultureInfo.InvariantCulture));
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(samples, name, labels, null, FormatDouble(point.GetSumDouble()));
                    break;
                case MetricType.LongGauge:
                    Sample(samples, name, labels, null, point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture));
                    break;
                case MetricType.DoubleGauge:
                    Sample(samples, name, labels, null, FormatDouble(point.GetGaugeLastValueDouble()));
                    break;
                case MetricType.Histogram:
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        var le = $"le=\"{FormatDouble(bucket.ExplicitBound)}\"";
                        Sample(samples, name + "_bucket", labels, le, cumulative.ToString(CultureInfo.InvariantCulture));
                    }

                    Sample(samples, name + "_sum", labels, null, FormatDouble(point.GetHistogramSum()));
                    Sample(samples, name + "_count", labels, null, point.GetHistogramCount().ToString(CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static void Sample(StringBuilder samples, string name, string labels, string? extraLabel, string value)
    {
        samples.Append(name);
        if (labels.Length > 0 || extraLabel is not null)
        {
            samples.Append('{').Append(labels);
            if (extraLabel is not null)
            {
                samples.Append(labels.Length > 0 ? "," : string.Empty).Append(extraLabel);
            }

            samples.Append('}');
        }

        samples.Append(' ').Append(value).Append('\n');
    }

    /// <summary>
    /// <c>k1="v1",k2="v2"</c>, in the order of the attributes; attributes whose names become the same label are joined
    /// with <c>;</c> in one label.
    /// </summary>
    private static string Labels(ReadOnlyTagCollection tags)
    {
        if (tags.Count == 0)
        {
            return string.Empty;
        }

        var labels = new List<(string Name, string Value)>(tags.Count);
        foreach (var tag in tags)
        {
            var name = PrometheusNaming.LabelName(tag.Key);
            var value = ValueOf(tag.Value);
            var index = labels.FindIndex(l => l.Name == name);
            if (index >= 0)
            {
                labels[index] = (name, labels[index].Value + ";" + value);
            }
            else
            {
                labels.Add((name, value));
            }
        }

        return string.Join(',', labels.Select(l => $"{l.Name}=\"{EscapeLabelValue(l.Value)}\""));
    }

    private static string ValueOf(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => FormatDouble(number),
        float number => FormatDouble(number),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private sealed class Family(string name, string type, string help)
    {
        public string Name { get; } = name;

        public string Type { get; } = type;

        public string Help { get; } = help;

        public StringBuilder Samples { get; } = new();
    }
}

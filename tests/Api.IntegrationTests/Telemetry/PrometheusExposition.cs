using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PortfolioTracker.Api.IntegrationTests.Telemetry;

/// <summary>One sample line: its metric name, labels (unescaped) and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string Key);

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4 as a scraper sees it: checks the rules the exporter must follow
/// and gives the samples by their series key (<c>name{labels}</c> as written).
/// </summary>
public static partial class PrometheusExposition
{
    /// <summary>Samples by series key, e.g. <c>requests_total{code="200"}</c>.</summary>
    public static Dictionary<string, double> Samples(string text) =>
        Parse(text).Samples.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

    /// <summary>Every sample, in order.</summary>
    public static IReadOnlyList<PrometheusSample> All(string text) => Parse(text).Samples;

    /// <summary>Every sample of one family (for a histogram: its _bucket, _sum and _count samples).</summary>
    public static IReadOnlyList<PrometheusSample> Family(string text, string family) =>
        [.. Parse(text).Samples.Where(s => BelongsTo(s.Name, family))];

    /// <summary>The declared type of each family.</summary>
    public static IReadOnlyDictionary<string, string> Types(string text) => Parse(text).Types;

    /// <summary>
    /// Fails unless the text follows the exposition rules: valid metric and label names, one HELP and one TYPE per
    /// family before its samples, families not interleaved, counters named <c>_total</c>, histogram buckets cumulative
    /// and ending with <c>le="+Inf"</c> equal to <c>_count</c>, well-escaped label values, parseable values.
    /// </summary>
    public static void Validate(string text)
    {
        var parsed = Parse(text);
        foreach (var (family, type) in parsed.Types)
        {
            parsed.Helps.ShouldContain(family, $"{family} has no HELP");
            MetricNamePattern().IsMatch(family).ShouldBeTrue($"{family} is not a valid metric name");
            if (type == "counter")
            {
                family.ShouldEndWith("_total", customMessage: $"counter {family}");
            }
        }

        foreach (var histogram in parsed.Types.Where(t => t.Value == "histogram").Select(t => t.Key))
        {
            var samples = parsed.Samples.Where(s => BelongsTo(s.Name, histogram)).ToList();
            foreach (var series in samples.GroupBy(s => LabelKey(s.Labels.Where(l => l.Key != "le"))))
            {
                var buckets = series.Where(s => s.Name == histogram + "_bucket").ToList();
                buckets.ShouldNotBeEmpty($"{histogram}{series.Key} has no buckets");
                buckets[^1].Labels["le"].ShouldBe("+Inf", $"{histogram}{series.Key}: the last bucket");
                for (var i = 1; i < buckets.Count; i++)
                {
                    buckets[i].Value.ShouldBeGreaterThanOrEqualTo(buckets[i - 1].Value, $"{histogram}{series.Key}: buckets are cumulative");
                    double.Parse(Bound(buckets[i]), CultureInfo.InvariantCulture).ShouldBeGreaterThan(
                        double.Parse(Bound(buckets[i - 1]), CultureInfo.InvariantCulture), $"{histogram}{series.Key}: bounds increase");
                }

                var count = series.SingleOrDefault(s => s.Name == histogram + "_count").ShouldNotBeNull($"{histogram}{series.Key} has no _count");
                series.SingleOrDefault(s => s.Name == histogram + "_sum").ShouldNotBeNull($"{histogram}{series.Key} has no _sum");
                buckets[^1].Value.ShouldBe(count.Value, $"{histogram}{series.Key}: le=\"+Inf\" equals _count");
            }
        }
    }

    private static bool HelpEscapesAreValid(string help)
    {
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] == '\\')
            {
                if (i + 1 >= help.Length || (help[i + 1] != '\\' && help[i + 1] != 'n'))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    private static string Bound(PrometheusSample bucket) => bucket.Labels["le"] == "+Inf" ? "Infinity" : bucket.Labels["le"];

    private static bool BelongsTo(string sampleName, string family) =>
        sampleName == family || sampleName == family + "_bucket" || sampleName == family + "_sum" || sampleName == family + "_count";

    private static Parsed Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = new Parsed();
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        if (text.Length > 0)
        {
            text.ShouldEndWith("\n", customMessage: "the text ends with a line feed");
        }

        foreach (var line in text.Split('\n')[..^1])
        {
            line.ShouldNotBeEmpty("no blank lines");
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                space.ShouldBeGreaterThan(0, line);
                var family = rest[..space];
                if (family != current)
                {
                    finished.ShouldNotContain(family, $"family {family} appears twice");
                    if (current is not null)
                    {
                        finished.Add(current);
                    }

                    current = family;
                }

                if (line[2] == 'H')
                {
                    parsed.Helps.Add(family).ShouldBeTrue($"a second HELP for {family}");
                    HelpEscapesAreValid(rest[(space + 1)..]).ShouldBeTrue($"HELP of {family} escapes only \\\\ and \\n");
                }
                else
                {
                    parsed.Types.TryAdd(family, rest[(space + 1)..]).ShouldBeTrue($"a second TYPE for {family}");
                    new[] { "counter", "gauge", "histogram", "summary", "untyped" }.ShouldContain(parsed.Types[family]);
                    parsed.Samples.ShouldNotContain(s => BelongsTo(s.Name, family), $"TYPE of {family} after its samples");
                }

                continue;
            }

            line.ShouldNotStartWith("#", customMessage: $"unexpected comment: {line}");
            var sample = ParseSample(line);
            current.ShouldNotBeNull($"sample before any TYPE: {line}");
            BelongsTo(sample.Name, current).ShouldBeTrue($"sample {sample.Name} outside its family (current {current})");
            var type = parsed.Types.GetValueOrDefault(current).ShouldNotBeNull($"{current} has no TYPE before its samples");
            if (type is "counter" or "gauge")
            {
                sample.Name.ShouldBe(current);
            }

            parsed.Samples.Add(sample);
        }

        parsed.Samples.Select(s => s.Key).ShouldBeUnique("every series appears once");
        return parsed;
    }

    private static PrometheusSample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        MetricNamePattern().IsMatch(name).ShouldBeTrue($"metric name '{name}'");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var label = line[i..equals];
                LabelNamePattern().IsMatch(label).ShouldBeTrue($"label name '{label}' in {line}");
                line[equals + 1].ShouldBe('"', line);
                var value = new StringBuilder();
                var j = equals + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new ShouldAssertException($"invalid escape \\{line[j]} in {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                labels.TryAdd(label, value.ToString()).ShouldBeTrue($"label {label} twice in {line}");
                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        line[i].ShouldBe(' ', line);
        var text = line[(i + 1)..];
        var number = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number, line[..i]);
    }

    private static string LabelKey(IEnumerable<KeyValuePair<string, string>> labels) =>
        "{" + string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) + "}";

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricNamePattern();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelNamePattern();

    private sealed class Parsed
    {
        public HashSet<string> Helps { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

        public List<PrometheusSample> Samples { get; } = [];
    }
}

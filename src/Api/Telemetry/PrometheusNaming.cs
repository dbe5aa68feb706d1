using System.Text;

namespace PortfolioTracker.Api.Telemetry;

/// <summary>
/// How OpenTelemetry instruments are named in the Prometheus text format: dots (and every other character outside
/// <c>[a-zA-Z0-9_:]</c>) become <c>_</c>, the unit is appended as a word (<c>s</c> → <c>_seconds</c>, <c>By</c> →
/// <c>_bytes</c>; <c>{…}</c> annotations and <c>1</c> add nothing), and monotonic counters end in <c>_total</c>.
/// Attribute names become label names the same way (no colons).
/// </summary>
internal static class PrometheusNaming
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tebibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["bit"] = "bits",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
        ["1"] = string.Empty,
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    /// <summary>The family name of an instrument: sanitized name, unit suffix, <c>_total</c> for monotonic counters.</summary>
    public static string MetricName(string instrumentName, string? unit, bool monotonicCounter)
    {
        ArgumentNullException.ThrowIfNull(instrumentName);
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name = name.Length == 0 || name.EndsWith('_') ? name + suffix : $"{name}_{suffix}";
        }

        if (monotonicCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name.EndsWith('_') ? name + "total" : name + "_total";
        }

        return name;
    }

    /// <summary>A label name from an attribute name (<c>http.request.method</c> → <c>http_request_method</c>).</summary>
    public static string LabelName(string attributeName)
    {
        ArgumentNullException.ThrowIfNull(attributeName);
        return Sanitize(attributeName, allowColon: false);
    }

    /// <summary>
    /// The unit as a name suffix: known UCUM units as words, <c>a/b</c> as <c>a_per_b</c>, annotations (<c>{request}</c>)
    /// and the dimensionless <c>1</c> as nothing, anything else sanitized as it is.
    /// </summary>
    public static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return string.Empty;
        }

        var trimmed = StripAnnotations(unit.Trim());
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Word(trimmed, Units);
        }

        var numerator = Word(trimmed[..slash], Units);
        var denominator = Word(trimmed[(slash + 1)..], PerUnits);
        return (numerator.Length, denominator.Length) switch
        {
            (_, 0) => numerator,
            (0, _) => "per_" + denominator,
            _ => $"{numerator}_per_{denominator}",
        };
    }

    /// <summary>
    /// Every character outside <c>[a-zA-Z0-9_]</c> (and <c>:</c> in metric names) becomes <c>_</c>, runs of <c>_</c>
    /// collapse to one, and a leading digit gets a <c>_</c> in front.
    /// </summary>
    public static string Sanitize(string name, bool allowColon)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(next);
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private static string Word(string unit, Dictionary<string, string> words)
    {
        if (unit.Length == 0)
        {
            return string.Empty;
        }

        if (words.TryGetValue(unit, out var word))
        {
            return word;
        }

        return Sanitize(unit, allowColon: false).Trim('_');
    }

    private static string StripAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            switch (c)
            {
                case '{':
                    depth++;
                    break;
                case '}' when depth > 0:
                    depth--;
                    break;
                default:
                    if (depth == 0)
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}

using System.Text;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>One generated request: everything needed to send it again and to show it in a failure message.</summary>
public sealed record HostileRequest(
    int Number,
    string Method,
    string Route,
    string Url,
    string Caller,
    string? Token,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body,
    string? ContentType)
{
    /// <summary>Whether the target is a Server-Sent Events stream (read only up to its headers).</summary>
    public bool IsStream => Route.EndsWith("/stream", StringComparison.Ordinal);

    public string Describe(int maxBody = 600)
    {
        var text = new StringBuilder();
        text.Append(CultureInfoInvariant($"#{Number} {Method} {Url}  (route {Route}, caller {Caller})\n"));
        if (ContentType is not null)
        {
            text.Append(CultureInfoInvariant($"  Content-Type: {Escape(ContentType)}\n"));
        }

        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfoInvariant($"  {name}: {Escape(Truncate(value, 300))}\n"));
        }

        if (Body is not null)
        {
            text.Append(CultureInfoInvariant($"  body ({Body.Length} chars): {Escape(Truncate(Body, maxBody))}\n"));
        }

        return text.ToString();
    }

    public static string Truncate(string value, int max) =>
        value.Length <= max ? value : string.Concat(value.AsSpan(0, max), "…");

    /// <summary>Shows control characters as escapes so that the message can be read and the request rebuilt.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                text.Append(CultureInfoInvariant($"\\u{(int)c:x4}"));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string CultureInfoInvariant(FormattableString value) => FormattableString.Invariant(value);
}

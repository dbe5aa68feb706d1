using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace PortfolioTracker.Api.Telemetry;

/// <summary>
/// Console logs: one JSON object per line outside Development (UTC timestamps, scopes included — among them the trace
/// and span ids of the current activity), the readable single-line formatter in Development. The standard
/// <c>Logging:Console:FormatterName</c> (<c>json</c>, <c>simple</c>, <c>systemd</c>) overrides the choice.
/// </summary>
internal static class LoggingSetup
{
    private const string FormatterNameKey = "Logging:Console:FormatterName";

    public static WebApplicationBuilder AddApiLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var formatter = FormatterName(builder.Configuration[FormatterNameKey], builder.Environment.IsDevelopment());
        switch (formatter)
        {
            case ConsoleFormatterNames.Json:
                builder.Logging.AddJsonConsole(json =>
                {
                    json.IncludeScopes = true;
                    json.UseUtcTimestamp = true;
                    json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

                    // Still valid JSON, but "+" and non-ASCII text stay readable instead of becoming \u escapes.
                    json.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
                });
                break;
            case ConsoleFormatterNames.Simple:
                builder.Logging.AddSimpleConsole(simple =>
                {
                    simple.SingleLine = true;
                    simple.UseUtcTimestamp = true;
                    simple.TimestampFormat = "HH:mm:ss.fff ";
                });
                break;
            case ConsoleFormatterNames.Systemd:
                builder.Logging.AddSystemdConsole(systemd =>
                {
                    systemd.IncludeScopes = true;
                    systemd.UseUtcTimestamp = true;
                });
                break;
            default:
                // A formatter of someone else's, chosen by name in the configuration: the console logger uses it as is.
                break;
        }

        return builder;
    }

    /// <summary>The configured formatter, else <c>simple</c> in Development and <c>json</c> everywhere else.</summary>
    internal static string FormatterName(string? configured, bool development) =>
        !string.IsNullOrWhiteSpace(configured) ? configured.Trim().ToLowerInvariant()
        : development ? ConsoleFormatterNames.Simple
        : ConsoleFormatterNames.Json;
}

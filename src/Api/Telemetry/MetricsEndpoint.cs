using Microsoft.Extensions.Options;
using PortfolioTracker.Api.Http.Problems;

namespace PortfolioTracker.Api.Telemetry;

/// <summary><c>GET /metrics</c>: every metric in the Prometheus text format, anonymous and never rate limited.</summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        endpoints.MapGet(Path, WriteAsync)
            .AllowAnonymous()
            .DisableRateLimiting()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task WriteAsync(HttpContext context, TelemetryPipeline telemetry)
    {
        var text = telemetry.Metrics?.Scrape();
        if (text is null)
        {
            context.Response.Headers.RetryAfter = "5";
            await ApiProblems.WriteAsync(context, ApiProblems.Create(
                context, StatusCodes.Status503ServiceUnavailable, "metrics_unavailable", "The metrics could not be collected; retry shortly."));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = PrometheusText.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}

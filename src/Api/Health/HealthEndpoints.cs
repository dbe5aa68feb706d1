using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PortfolioTracker.Api.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the database is usable).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteAsync,
        }).AllowAnonymous().ExcludeFromDescription();

        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteAsync,
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        if (report.Status == HealthStatus.Unhealthy)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        var body = new HealthReportDto(
            NameOf(report.Status),
            report.Entries.ToDictionary(entry => entry.Key, entry => new HealthCheckDto(NameOf(entry.Value.Status), entry.Value.Description)));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string NameOf(HealthStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>The answer of the health endpoints: the overall status and each check's.</summary>
/// <param name="Status"><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c> (then the answer is 503).</param>
/// <param name="Checks">The checks run, by name (<c>database</c> for readiness; none for liveness).</param>
internal sealed record HealthReportDto(string Status, IReadOnlyDictionary<string, HealthCheckDto> Checks);

/// <summary>One health check's outcome.</summary>
/// <param name="Status"><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
/// <param name="Description">Why, when the check says (e.g. which migrations are missing).</param>
internal sealed record HealthCheckDto(string Status, string? Description);

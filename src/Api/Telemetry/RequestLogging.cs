using System.Diagnostics;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using PortfolioTracker.Api.Http.Problems;

namespace PortfolioTracker.Api.Telemetry;

/// <summary>
/// One log line per request, at Information, when its answer is complete: method, route template, path, status, duration,
/// the authenticated user's id and the trace id. Only the path is logged — never the query string (stream endpoints
/// take <c>access_token</c> there), headers or bodies. Outermost in the pipeline, so the status is the final one.
/// </summary>
internal sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            // An exception that escaped the pipeline before the answer started becomes the server's 500.
            var status = completed || context.Response.HasStarted ? context.Response.StatusCode : StatusCodes.Status500InternalServerError;
            var path = (context.Request.PathBase + context.Request.Path).Value ?? "/";
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var route = RouteOf(context);
            var userId = UserIdOf(context.User);
            var traceId = ApiProblems.TraceIdOf(context);
            LogRequest(logger, context.Request.Method, path, status, elapsedMs, route, userId, traceId);
        }
    }

    /// <summary>The endpoint's route template (<c>api/v1/accounts/{id}</c>), or null when no endpoint matched.</summary>
    internal static string? RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;

    private static string? UserIdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(JwtRegisteredClaimNames.Sub) : null;

    [LoggerMessage(
        EventId = 1,
        EventName = "RequestCompleted",
        Level = LogLevel.Information,
        Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms (route {Route}, user {UserId}, trace {TraceId})")]
    private static partial void LogRequest(
        ILogger logger, string method, string path, int statusCode, double elapsedMs, string? route, string? userId, string traceId);
}

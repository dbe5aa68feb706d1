using Microsoft.IdentityModel.JsonWebTokens;

namespace PortfolioTracker.Api.Http;

/// <summary>
/// Logs every 401 and 403 answer as a warning, with the path (never the query: it may hold a token), the user when
/// one is known, and the client's address. (The audit trail records the same attempts; see the Audit section of the
/// API.)
/// </summary>
internal sealed partial class RefusedAccessLog(RequestDelegate next, ILogger<RefusedAccessLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var status = context.Response.StatusCode;
        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            var user = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value : null;
            LogRefused(logger, status, context.Request.Method, context.Request.Path.Value, user, context.Connection.RemoteIpAddress?.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {StatusCode} {Method} {Path} (user {UserId}, client {ClientIp})")]
    private static partial void LogRefused(ILogger logger, int statusCode, string method, string? path, string? userId, string? clientIp);
}

using Microsoft.AspNetCore.Diagnostics;

namespace PortfolioTracker.Api.Http.Problems;

/// <summary>
/// Gives a problem body to error statuses the framework answers without one: an unknown route (404), a wrong
/// method (405), an unsupported content type (415), and so on.
/// </summary>
internal static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status404NotFound => "No resource exists at this path.",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on this resource.",
            StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
            _ => null,
        };
        return ApiProblems.WriteAsync(http, ApiProblems.Create(http, status, ApiProblems.CodeOf(status), detail));
    }
}

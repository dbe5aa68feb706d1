using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace PortfolioTracker.Api.Http.Problems;

/// <summary>
/// The last line of defence. Request-level faults (a body over the limit, a malformed request line) get their 4xx
/// problem, and so does a body that is not text in its declared charset; a database that cannot be reached gets 503 with <c>Retry-After</c>; anything else is logged and
/// answered with a 500 problem that reveals no internals.
/// </summary>
internal sealed partial class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        ApiProblem problem;
        switch (exception)
        {
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The client went away; nobody is left to read an answer.
                httpContext.Response.StatusCode = 499;
                return true;

            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                problem = ApiProblems.Create(httpContext, StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The request body is larger than the server accepts.");
                break;

            case BadHttpRequestException bad:
                problem = ApiProblems.Create(httpContext, bad.StatusCode, ApiProblems.CodeOf(bad.StatusCode), "The request could not be read.");
                break;

            case DecoderFallbackException:
                // A body whose bytes are not text in the charset its Content-Type declares (UTF-8 bytes sent as
                // "charset=utf-16"): the JSON formatter only turns JSON syntax errors into model errors, not this.
                problem = ApiProblems.ValidationFailed(
                    httpContext,
                    "body",
                    "The request body is not valid text in the declared charset.",
                    "The request body is not valid text in the charset its Content-Type declares.");
                break;

            case NpgsqlException or TimeoutException when IsDatabaseUnavailable(exception):
                LogDatabaseUnavailable(logger, exception);
                httpContext.Response.Headers.RetryAfter = "5";
                problem = ApiProblems.Create(httpContext, StatusCodes.Status503ServiceUnavailable, "database_unavailable", "The database is unavailable; retry shortly.");
                break;

            default:
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path.Value);
                problem = ApiProblems.Create(httpContext, StatusCodes.Status500InternalServerError, "internal_error", "An unexpected error occurred. It has been logged.");
                break;
        }

        await ApiProblems.WriteAsync(httpContext, problem);
        return true;
    }

    /// <summary>Connection-level failures, not SQL errors (those are bugs and stay 500).</summary>
    private static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            || postgres.SqlState is PostgresErrorCodes.TooManyConnections,
        NpgsqlException => true,
        TimeoutException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string? path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);
}

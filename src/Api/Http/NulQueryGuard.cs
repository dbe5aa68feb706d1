using PortfolioTracker.Api.Http.Problems;

namespace PortfolioTracker.Api.Http;

/// <summary>
/// Refuses a query string that holds a NUL character (<c>%00</c>) with <c>400 validation_failed</c> under the
/// parameter's name: no parameter can carry one and PostgreSQL cannot store or compare it in <c>text</c>, so it would
/// otherwise fail as a 500 in a query. Runs after authorization, so a request without a valid token is still a 401.
/// (Kestrel itself refuses a NUL in the path; JSON bodies are guarded by <see cref="Json.ApiJson"/>.)
/// </summary>
internal sealed class NulQueryGuard(RequestDelegate next)
{
    private const string Message = "Must not contain a NUL character.";

    public Task InvokeAsync(HttpContext context)
    {
        var query = context.Request.QueryString.Value;
        if (string.IsNullOrEmpty(query) || !query.Contains("%00", StringComparison.Ordinal))
        {
            return next(context);
        }

        foreach (var (name, values) in context.Request.Query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v is not null && v.Contains('\0', StringComparison.Ordinal)))
            {
                var field = name.Contains('\0', StringComparison.Ordinal) ? "query" : name;
                return ApiProblems.WriteAsync(context, ApiProblems.ValidationFailed(context, field, Message));
            }
        }

        return next(context);
    }
}

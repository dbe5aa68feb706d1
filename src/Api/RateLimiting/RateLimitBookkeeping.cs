using System.Globalization;
using System.Text.Json;
using PortfolioTracker.Api.Http.Json;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>
/// Wraps the rate-limiting middleware. Before it: reads the e-mail of a login attempt (the limiter cannot read
/// bodies) and arranges for the <c>RateLimit-*</c> headers. After the answer: counts a 404 towards scan protection
/// and a failed login (401) against the e-mail address tried.
/// </summary>
internal sealed class RateLimitBookkeeping(RequestDelegate next, ApiRateLimitBuckets buckets, NotFoundScanGuard scanGuard)
{
    public const string LimitHeader = "RateLimit-Limit";
    public const string RemainingHeader = "RateLimit-Remaining";
    public const string ResetHeader = "RateLimit-Reset";

    public async Task InvokeAsync(HttpContext context)
    {
        if (RateLimitPlan.IsExempt(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (RateLimitPlan.IsLogin(context.Request) && await ReadLoginEmailAsync(context.Request) is { } email)
        {
            context.Features.Set(new LoginAttempt(email));
        }

        context.Response.OnStarting(WriteQuotaHeaders, context);
        await next(context);

        var plan = context.Features.Get<RateLimitPlan>();
        if (plan is null || plan.RefusedBy is not null)
        {
            return;
        }

        switch (context.Response.StatusCode)
        {
            case StatusCodes.Status404NotFound:
                scanGuard.RecordNotFound(plan.Client);
                break;
            case StatusCodes.Status401Unauthorized when plan.LoginEmail is not null:
                buckets.LoginFailures.Attempt($"email:{plan.LoginEmail}", 1).Dispose();
                break;
        }
    }

    private static Task WriteQuotaHeaders(object state)
    {
        var context = (HttpContext)state;
        if (context.Features.Get<RateLimitPlan>()?.Quota is { } quota)
        {
            var headers = context.Response.Headers;
            headers[LimitHeader] = quota.Limit.ToString(CultureInfo.InvariantCulture);
            headers[RemainingHeader] = quota.Remaining.ToString(CultureInfo.InvariantCulture);
            headers[ResetHeader] = quota.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The <c>email</c> member of a JSON login body, trimmed and lower-cased (e-mails are case-insensitive); null when
    /// the body is not such JSON, which model binding then refuses as usual. The body stays readable.
    /// </summary>
    private static async Task<string?> ReadLoginEmailAsync(HttpRequest request)
    {
        if (request.ContentType is null || !request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(
                request.Body, new JsonDocumentOptions { MaxDepth = ApiJson.MaxDepth }, request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.NameEquals("email") || string.Equals(member.Name, "email", StringComparison.OrdinalIgnoreCase))
                {
                    return member.Value.ValueKind == JsonValueKind.String && member.Value.GetString()!.Trim() is { Length: > 0 } email
                        ? email.ToLowerInvariant()
                        : null;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}

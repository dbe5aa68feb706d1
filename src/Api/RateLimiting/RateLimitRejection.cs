using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Api.Telemetry;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>The 429 answer: <c>Retry-After</c>, the refusing limit's <c>RateLimit-*</c> headers and a <c>rate_limited</c> problem.</summary>
internal static partial class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext rejected, ApiMetrics metrics, ILogger logger)
    {
        var context = rejected.HttpContext;
        var plan = context.Features.Get<RateLimitPlan>();
        var policy = plan?.RefusedBy ?? "unknown";
        var wait = plan?.RefusedBy is not null
            ? plan.RetryAfter
            : rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var leaseWait) ? leaseWait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

        metrics.RateLimited(policy);
        LogRefused(logger, policy, plan?.Client, context.Request.Method, context.Request.Path.Value);

        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = policy switch
        {
            "login" => $"Too many login attempts from this address; retry after {seconds} seconds.",
            "login_failures" => $"Too many failed logins with this e-mail address; retry after {seconds} seconds.",
            "register" => $"Too many registrations from this address; retry after {seconds} seconds.",
            NotFoundScanGuard.Policy => $"Too many requests for resources that do not exist; this client is blocked for {seconds} seconds.",
            _ => $"Too many requests; retry after {seconds} seconds.",
        };
        await ApiProblems.WriteAsync(context, ApiProblems.Create(context, StatusCodes.Status429TooManyRequests, "rate_limited", detail));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limited by {Policy}: {Client} {Method} {Path}")]
    private static partial void LogRefused(ILogger logger, string policy, string? client, string method, string? path);
}

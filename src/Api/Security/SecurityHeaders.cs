namespace PortfolioTracker.Api.Security;

/// <summary>
/// Headers that keep browsers from misreading or embedding our answers, on every response (errors included): no
/// MIME sniffing, no referrer, no framing, and a Content-Security-Policy — strict for the API, and one that lets the
/// Swagger UI run its own scripts and styles at <c>/swagger</c>.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>API answers are data: they may load nothing and be framed by nobody.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The Swagger UI loads its scripts, styles and the OpenAPI document from this origin; it injects
    /// <c>&lt;style&gt;</c> elements and uses <c>data:</c> images for its icons (checked in a browser: a stricter
    /// policy breaks exactly these). No inline script and no other origin is allowed.
    /// </summary>
    public const string SwaggerPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly PathString SwaggerPath = new("/swagger");

    public Task InvokeAsync(HttpContext context)
    {
        // On starting, so that answers written after an exception (which clears the headers) carry them as well.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(SwaggerPath, StringComparison.OrdinalIgnoreCase)
                ? SwaggerPolicy
                : ApiPolicy;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}

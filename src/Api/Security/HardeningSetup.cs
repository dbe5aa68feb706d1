using System.Net;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;
using PortfolioTracker.Api.RateLimiting;

namespace PortfolioTracker.Api.Security;

/// <summary>Trusted proxies, CORS, HSTS and the security headers, from configuration.</summary>
internal static class HardeningSetup
{
    private static readonly string[] AllowedMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private static readonly string[] AllowedHeaders = ["Authorization", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match", "Last-Event-ID"];

    private static readonly string[] ExposedHeaders =
    [
        "ETag", "Location", "Retry-After", "WWW-Authenticate", "Idempotent-Replayed",
        RateLimitBookkeeping.LimitHeader, RateLimitBookkeeping.RemainingHeader, RateLimitBookkeeping.ResetHeader,
    ];

    public static IServiceCollection AddApiHardening(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .Bind(configuration.GetSection(ForwardedHeadersSettings.SectionName))
            .Validate(s => s.KnownProxies.All(p => IPAddress.TryParse(p.Trim(), out _)), "ForwardedHeaders:KnownProxies must list IP addresses (10.0.0.5, ::1).")
            .Validate(s => s.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n.Trim(), out _)), "ForwardedHeaders:KnownNetworks must list networks in CIDR notation (10.0.0.0/8).")
            .Validate(s => s.ForwardLimit is >= 1 and <= 20, "ForwardedHeaders:ForwardLimit must be between 1 and 20.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            // Nothing is believed unless configured: the framework's default trusts the loopback proxy.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = settings.Value.ForwardLimit;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }

            foreach (var network in settings.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        });

        services.AddOptions<ApiCorsOptions>()
            .Bind(configuration.GetSection(ApiCorsOptions.SectionName))
            .Validate(
                s => !(s.AllowCredentials && s.AllowedOrigins.Any(o => o.Trim() == "*")),
                "Cors:AllowedOrigins contains '*' while Cors:AllowCredentials is true. Browsers refuse credentials for a wildcard origin, " +
                "and allowing them for every origin would let any web site act for the signed-in user: list the origins explicitly, or set Cors:AllowCredentials to false.")
            .Validate(
                s => s.AllowedOrigins.All(o => o.Trim() == "*" || IsOrigin(o.Trim())),
                "Cors:AllowedOrigins must list origins such as https://app.example.com (scheme, host and optional port; no path), or '*'.")
            .Validate(s => s.PreflightMaxAgeSeconds is >= 0 and <= 86_400, "Cors:PreflightMaxAgeSeconds must be between 0 and 86400.")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ApiCorsOptions>>((cors, settings) =>
            cors.AddDefaultPolicy(policy => Configure(policy, settings.Value)));

        services.AddOptions<HstsSettings>()
            .Bind(configuration.GetSection(HstsSettings.SectionName))
            .Validate(s => s.MaxAgeDays is >= 0 and <= 3650, "Hsts:MaxAgeDays must be between 0 and 3650.")
            .ValidateOnStart();
        services.AddHsts(_ => { });
        services.AddOptions<HstsOptions>().Configure<IOptions<HstsSettings>>((hsts, settings) =>
        {
            hsts.MaxAge = TimeSpan.FromDays(settings.Value.MaxAgeDays);
            hsts.IncludeSubDomains = settings.Value.IncludeSubDomains;
            hsts.Preload = settings.Value.Preload;
        });
        return services;
    }

    /// <summary>First in the pipeline: the client's real address and scheme before anything looks at them.</summary>
    public static WebApplication UseForwardedHeadersFromTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Any)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>Security headers on every answer, and HSTS on HTTPS answers outside Development.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<HstsSettings>>().Value.Enabled)
        {
            app.UseHsts();
        }

        return app;
    }

    private static void Configure(CorsPolicyBuilder policy, ApiCorsOptions settings)
    {
        var origins = settings.AllowedOrigins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0).ToArray();
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins(origins);
        }

        if (settings.AllowCredentials)
        {
            policy.AllowCredentials();
        }

        policy.WithMethods(AllowedMethods)
            .WithHeaders(AllowedHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromSeconds(settings.PreflightMaxAgeSeconds));
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment)
        && string.IsNullOrEmpty(uri.UserInfo);
}

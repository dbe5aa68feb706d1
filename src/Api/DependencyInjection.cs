using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PortfolioTracker.Api.Auth;
using PortfolioTracker.Api.Bench;
using PortfolioTracker.Api.Health;
using PortfolioTracker.Api.Hosting;
using PortfolioTracker.Api.Http;
using PortfolioTracker.Api.Http.Filters;
using PortfolioTracker.Api.Http.Json;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Api.OpenApi;
using PortfolioTracker.Api.RateLimiting;
using PortfolioTracker.Api.Security;
using PortfolioTracker.Api.Streaming;
using PortfolioTracker.Api.Telemetry;
using PortfolioTracker.Application.Common.Interfaces;

namespace PortfolioTracker.Api;

public static class DependencyInjection
{
    /// <summary>Controllers, JSON conventions, problem documents, authentication and the OpenAPI document.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiLimitsOptions>()
            .Bind(configuration.GetSection(ApiLimitsOptions.SectionName))
            .Validate(o => o.MaxRequestBodyBytes >= 1, "Limits:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.MaxRequestHeadersTotalBytes >= 1024 && o.MaxRequestLineBytes >= 256 && o.MaxRequestHeaderCount >= 1, "Limits:MaxRequestHeadersTotalBytes (≥ 1024), Limits:MaxRequestLineBytes (≥ 256) and Limits:MaxRequestHeaderCount (≥ 1) are too small.")
            .Validate(o => o.KeepAliveTimeoutSeconds >= 1 && o.RequestHeadersTimeoutSeconds >= 1, "Limits:KeepAliveTimeoutSeconds and Limits:RequestHeadersTimeoutSeconds must be positive.")
            .Validate(o => o.MinRequestBodyDataRateBytesPerSecond >= 0 && o.MinResponseDataRateBytesPerSecond >= 0 && o.MinDataRateGracePeriodSeconds >= 1, "Limits:Min*DataRateBytesPerSecond must not be negative (0 turns the check off) and Limits:MinDataRateGracePeriodSeconds must be at least 1.")
            .Validate(o => o.MaxConcurrentConnections is null or >= 1 && o.MaxConcurrentUpgradedConnections is null or >= 1, "Limits:MaxConcurrentConnections and Limits:MaxConcurrentUpgradedConnections must be positive (or absent: no limit).")
            .ValidateOnStart();
        services.AddOptions<BenchOptions>().Bind(configuration.GetSection(BenchOptions.SectionName));

        // AllowedHosts (';'-separated host names, "*" for any) as WebApplication.CreateBuilder reads it.
        services.AddHostFiltering(options => options.AllowedHosts =
            configuration["AllowedHosts"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } hosts
                ? hosts
                : ["*"]);
        services.AddOptions<ServerSentEventsOptions>().Bind(configuration.GetSection(ServerSentEventsOptions.SectionName));
        services.AddOptions<KestrelServerOptions>().Configure<Microsoft.Extensions.Options.IOptions<ApiLimitsOptions>>((kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineBytes;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(limits.KeepAliveTimeoutSeconds);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.RequestHeadersTimeoutSeconds);
            kestrel.Limits.MinRequestBodyDataRate = limits.MinRequestBodyDataRateBytesPerSecond > 0
                ? new MinDataRate(limits.MinRequestBodyDataRateBytesPerSecond, TimeSpan.FromSeconds(limits.MinDataRateGracePeriodSeconds))
                : null;
            kestrel.Limits.MinResponseDataRate = limits.MinResponseDataRateBytesPerSecond > 0
                ? new MinDataRate(limits.MinResponseDataRateBytesPerSecond, TimeSpan.FromSeconds(limits.MinDataRateGracePeriodSeconds))
                : null;
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConcurrentUpgradedConnections;
        });
        services.AddApiHardening(configuration);
        services.AddApiRateLimiting(configuration);

        services.AddControllers(mvc =>
            {
                mvc.ModelBinderProviders.Insert(0, new UtcDateTimeOffsetModelBinder.Provider());
                mvc.Filters.Add<RequireBodyFilter>();
                mvc.Filters.Add<IdempotencyReplayHeaderFilter>();
                mvc.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;

                // Bodies are JSON only: form value providers would parse a form body for every bound parameter
                // (a header, the route) and fail with a 500 on keys that are not valid jQuery syntax.
                mvc.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
            })
            .AddJsonOptions(json => ApiJson.Configure(json.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(api =>
            {
                api.InvalidModelStateResponseFactory = InvalidModelState.ToProblem;
                api.SuppressMapClientErrors = true;
            });
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));

        services.AddProblemDetails();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.AddGracefulShutdown();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddJwtAuthentication();
        services.AddApiDocument();
        services.AddPriceSockets();

        // Telemetry: the OpenTelemetry SDK (traces; metrics for /metrics), our API-level instruments.
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName));
        services.AddSingleton<TelemetryPipeline>();
        services.AddHostedService<TelemetryStartup>();
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<StreamMetrics>();
        return services;
    }

    /// <summary>The middleware pipeline, in order, and the endpoints.</summary>
    public static WebApplication UseApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The SDK exists before the host starts (start-up work is traced too) and is flushed once the host has stopped.
        var telemetry = app.Services.GetRequiredService<TelemetryPipeline>();
        app.Lifetime.ApplicationStopped.Register(telemetry.Dispose);

        // Requests for a host not in AllowedHosts are refused before anything else (400), as the full builder does.
        app.UseHostFiltering();

        // The client's address first (from trusted proxies only), so the request log and the rate limits see it.
        app.UseForwardedHeadersFromTrustedProxies();
        app.UseMiddleware<RequestLogging>();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseMiddleware<RefusedAccessLog>();
        app.UseCors();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseWebSockets();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "swagger";
            ui.SwaggerEndpoint($"/openapi/{OpenApiSetup.DocumentName}.json", "PortfolioTracker API v1");
            ui.DocumentTitle = "PortfolioTracker API";
        });
        app.UseAuthentication();
        app.UseApiRateLimiting();
        app.UseAuthorization();
        app.UseMiddleware<NulQueryGuard>();

        app.MapControllers();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapBenchEndpoints();
        return app;
    }
}

/// <summary>Settings of the <c>Limits</c> section.</summary>
public sealed class ApiLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest accepted request body (default 1 MiB); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>All request headers together (Kestrel answers 431 beyond).</summary>
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The request line (method, target, version); Kestrel answers 414 beyond.</summary>
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>An idle keep-alive connection is closed after this long.</summary>
    public int KeepAliveTimeoutSeconds { get; set; } = 120;

    /// <summary>A client must have sent all request headers within this time.</summary>
    public int RequestHeadersTimeoutSeconds { get; set; } = 30;

    /// <summary>A request body arriving slower than this (after the grace period) ends the connection; 0: no minimum.</summary>
    public double MinRequestBodyDataRateBytesPerSecond { get; set; } = 240;

    /// <summary>A client reading the response slower than this (after the grace period) is dropped; 0: no minimum.</summary>
    public double MinResponseDataRateBytesPerSecond { get; set; } = 240;

    public int MinDataRateGracePeriodSeconds { get; set; } = 5;

    /// <summary>Open connections per instance; absent: no limit.</summary>
    public long? MaxConcurrentConnections { get; set; }

    /// <summary>Open WebSocket (upgraded) connections per instance; absent: no limit.</summary>
    public long? MaxConcurrentUpgradedConnections { get; set; }
}

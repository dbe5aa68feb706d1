using Microsoft.AspNetCore.Server.Kestrel.Core;
using PortfolioTracker.Api.Auth;
using PortfolioTracker.Api.Health;
using PortfolioTracker.Api.Hosting;
using PortfolioTracker.Api.Http;
using PortfolioTracker.Api.Http.Filters;
using PortfolioTracker.Api.Http.Json;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Api.OpenApi;
using PortfolioTracker.Api.Streaming;
using PortfolioTracker.Api.Telemetry;
using PortfolioTracker.Application.Common.Interfaces;

namespace PortfolioTracker.Api;

public static class DependencyInjection
{
    /// <summary>Controllers, JSON conventions, problem documents, authentication and the OpenAPI document.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiLimitsOptions>().Bind(configuration.GetSection(ApiLimitsOptions.SectionName));
        services.AddOptions<ServerSentEventsOptions>().Bind(configuration.GetSection(ServerSentEventsOptions.SectionName));
        services.AddOptions<KestrelServerOptions>().Configure<Microsoft.Extensions.Options.IOptions<ApiLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
        });

        services.AddControllers(mvc =>
            {
                mvc.ModelBinderProviders.Insert(0, new UtcDateTimeOffsetModelBinder.Provider());
                mvc.Filters.Add<RequireBodyFilter>();
                mvc.Filters.Add<IdempotencyReplayHeaderFilter>();
                mvc.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
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

        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseMiddleware<RequestBodyLimit>();
        app.UseWebSockets();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "swagger";
            ui.SwaggerEndpoint($"/openapi/{OpenApiSetup.DocumentName}.json", "PortfolioTracker API v1");
            ui.DocumentTitle = "PortfolioTracker API";
        });
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapControllers();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }
}

/// <summary>Settings of the <c>Limits</c> section.</summary>
public sealed class ApiLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest accepted request body (default 1 MiB); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

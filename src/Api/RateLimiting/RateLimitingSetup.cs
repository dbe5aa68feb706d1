using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PortfolioTracker.Api.Telemetry;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>Registers the limits (section <c>RateLimiting</c>) and puts them in the pipeline unless disabled.</summary>
internal static class RateLimitingSetup
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        services.TryAddSingleton<ApiMetrics>();
        services.AddSingleton<ApiRateLimitBuckets>();
        services.AddSingleton<NotFoundScanGuard>();
        services.AddSingleton<ApiRateLimiter>();
        services.AddRateLimitOpenApi();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ApiRateLimiter, ApiMetrics, ILoggerFactory>((options, limiter, metrics, loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(RateLimitRejection).FullName!);
            options.GlobalLimiter = limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) => RateLimitRejection.WriteAsync(rejected, metrics, logger);
        });
        return services;
    }

    /// <summary>After authentication (buckets are per user), before authorization; nothing at all when disabled.</summary>
    public static IApplicationBuilder UseApiRateLimiting(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled)
        {
            return app;
        }

        app.UseMiddleware<RateLimitBookkeeping>();
        app.UseRateLimiter();
        return app;
    }

    private sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
    {
        public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
        {
            if (!options.Enabled)
            {
                return ValidateOptionsResult.Success;
            }

            string?[] problems =
            [
                options.User.Problem(nameof(options.User)),
                options.Anonymous.Problem(nameof(options.Anonymous)),
                options.Login.Problem(nameof(options.Login)),
                options.LoginFailures.Problem(nameof(options.LoginFailures)),
                options.Register.Problem(nameof(options.Register)),
                options.NotFound.Problem(),
            ];
            var failures = problems.OfType<string>().ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

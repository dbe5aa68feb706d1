namespace PortfolioTracker.Api.Hosting;

/// <summary>
/// How the host stops on SIGTERM or Ctrl-C. The order is the host's: the server stops accepting connections and
/// waits for the requests in flight (event streams and WebSockets end at once, on <c>ApplicationStopping</c>), then
/// the background services stop, newest first, then the container disposes its singletons (telemetry providers
/// flush there or in their own hosted service's stop, both after the last request). The shutdown timeout bounds the
/// first two steps together: whatever still runs then is cancelled (requests are aborted) and the process exits.
/// </summary>
public static class GracefulShutdown
{
    /// <summary>Binds <see cref="ShutdownOptions"/> and makes its timeout the host's shutdown timeout.</summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>()
            .BindConfiguration(ShutdownOptions.SectionName)
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 3600, "Shutdown:TimeoutSeconds must be between 1 and 3600.")
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ShutdownOptions>>(
            (host, shutdown) => host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.TimeoutSeconds));
        services.AddHostedService<ShutdownLog>();
        return services;
    }
}

/// <summary>Settings of the <c>Shutdown</c> section.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long a graceful shutdown may take (default 30 s) before what still runs is cancelled. A container
    /// orchestrator's grace period (docker compose <c>stop_grace_period</c>, Kubernetes
    /// <c>terminationGracePeriodSeconds</c>) must be longer.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;
}

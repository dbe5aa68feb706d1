using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace PortfolioTracker.Api.Hosting;

/// <summary>
/// Tells the operator how a shutdown went: when it begins, and once the server has stopped whether every request in
/// flight finished or the timeout cut some off. It is registered after the infrastructure's background services and
/// the host starts the server after every hosted service, so it stops right after the server and before them.
/// </summary>
internal sealed partial class ShutdownLog(
    IHostApplicationLifetime lifetime,
    IOptions<ShutdownOptions> options,
    ILogger<ShutdownLog> logger) : IHostedService, IDisposable
{
    private readonly Stopwatch stopping = new();
    private CancellationTokenRegistration onStopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        onStopping = lifetime.ApplicationStopping.Register(() =>
        {
            stopping.Start();
            LogStopping(logger, options.Value.TimeoutSeconds);
        });
        return Task.CompletedTask;
    }

    /// <summary>Runs once the server has stopped; <paramref name="cancellationToken"/> is the shutdown timeout.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(logger, options.Value.TimeoutSeconds);
        }
        else
        {
            LogDrained(logger, stopping.ElapsedMilliseconds);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => onStopping.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: no new connections; streams end now, requests in flight have up to {TimeoutSeconds} s to finish")]
    private static partial void LogStopping(ILogger logger, int timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Every request in flight finished ({ElapsedMilliseconds} ms); stopping background services")]
    private static partial void LogDrained(ILogger logger, long elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shutdown timeout ({TimeoutSeconds} s) elapsed before every request finished: the rest were aborted (their transactions roll back)")]
    private static partial void LogTimedOut(ILogger logger, int timeoutSeconds);
}

using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PortfolioTracker.Infrastructure.Identity;
using PortfolioTracker.Infrastructure.Persistence;
using PortfolioTracker.Infrastructure.Persistence.Migrations;

namespace PortfolioTracker.Infrastructure.Startup;

/// <summary>
/// Runs before the server accepts requests: waits for PostgreSQL, applies migrations, ensures the bootstrap admin.
/// Any failure stops start-up with the reason in the log.
/// </summary>
internal sealed partial class DatabaseStartup(
    NpgsqlDataSource dataSource,
    MigrationRunner migrations,
    AdminBootstrapper bootstrapper,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await WaitForDatabaseAsync(cancellationToken);
        if (options.Value.MigrateOnStartup)
        {
            await migrations.MigrateAsync(cancellationToken);
        }

        await bootstrapper.EnsureAdminAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WaitForDatabaseAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.StartupTimeoutSeconds));
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                LogConnected(logger, target.Host ?? "?", target.Port, target.Database ?? "?", connection.ServerVersion);
                return;
            }
            catch (NpgsqlException exception) when (Stopwatch.GetElapsedTime(started) < timeout)
            {
                if (attempt == 1)
                {
                    LogWaiting(logger, target.Host ?? "?", target.Port, exception.Message);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (NpgsqlException exception)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL at {target.Host}:{target.Port} (database {target.Database}) was not reachable within {timeout.TotalSeconds:0} s: {exception.Message}",
                    exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to PostgreSQL {Version} at {Host}:{Port}, database {Database}")]
    private static partial void LogConnected(ILogger logger, string host, int port, string database, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for PostgreSQL at {Host}:{Port}: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string host, int port, string reason);
}

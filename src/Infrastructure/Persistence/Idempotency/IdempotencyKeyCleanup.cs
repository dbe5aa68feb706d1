using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PortfolioTracker.Infrastructure.Persistence.Idempotency;

/// <summary>Deletes idempotency keys older than the retention, hourly, in small batches.</summary>
internal sealed partial class IdempotencyKeyCleanup(
    NpgsqlDataSource dataSource,
    IOptions<IdempotencyOptions> options,
    ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var retention = TimeSpan.FromHours(Math.Max(24, options.Value.RetentionHours));
        var total = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM idempotency_keys
                WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < now() - @retention LIMIT 5000)
                """,
                new { retention },
                cancellationToken: cancellationToken));
            total += deleted;
            if (deleted < 5000)
            {
                return total;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleaning up expired idempotency keys failed; retrying in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PortfolioTracker.Infrastructure.Persistence;

namespace PortfolioTracker.Infrastructure.Prices;

/// <summary>
/// Decides which one of the API instances sharing a database polls the price providers: the one holding a
/// PostgreSQL advisory lock on a dedicated session. The others try again every <c>LeaderRetrySeconds</c>; when the
/// leader stops or dies its session ends, the lock is released, and one of them takes over.
/// </summary>
internal sealed partial class RefreshLeadership(
    DedicatedConnections connections,
    IOptions<PricesOptions> options,
    ILogger<RefreshLeadership> logger) : BackgroundService
{
    /// <summary>The advisory lock's key (one per database): "PTREFRSH" read as a number.</summary>
    internal const long LockKey = 0x505452_4546_5253;

    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);

    private int leading;

    /// <summary>Whether this instance polls the providers now.</summary>
    public bool IsLeader => Volatile.Read(ref leading) == 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RefreshEnabled)
        {
            return;
        }

        var retry = TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaderRetrySeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await connections.OpenAsync(stoppingToken);
                if (await TryLockAsync(connection, stoppingToken))
                {
                    await LeadAsync(connection, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogLost(logger, exception.Message);
            }
            finally
            {
                if (Interlocked.Exchange(ref leading, 0) == 1)
                {
                    LogStepDown(logger);
                }
            }

            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Holds the lock while the session is alive; a failed check ends the leadership.</summary>
    private async Task LeadAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        Volatile.Write(ref leading, 1);
        LogLeading(logger);
        await using var check = new NpgsqlCommand("SELECT 1", connection);
        try
        {
            while (true)
            {
                await Task.Delay(CheckEvery, stoppingToken);
                await check.ExecuteScalarAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: give the lock back at once so another instance can take over without waiting for the session.
            Volatile.Write(ref leading, 0);
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", LockKey);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await unlock.ExecuteScalarAsync(grace.Token);
            }
            catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
            {
                // Closing the session releases it anyway.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance now refreshes prices for all instances (leader)")]
    private static partial void LogLeading(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance no longer refreshes prices")]
    private static partial void LogStepDown(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Price refresh leadership lost or not reachable: {Reason}")]
    private static partial void LogLost(ILogger logger, string reason);
}

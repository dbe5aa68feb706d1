using System.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PortfolioTracker.Application.Common.Interfaces;

namespace PortfolioTracker.Infrastructure.Persistence;

/// <summary>
/// The scoped database session of one request: a lazily opened connection and, inside
/// <see cref="ExecuteAsync{TResult}"/>, the transaction every repository call joins. Writes whose outcome nobody reads
/// (<see cref="WriteAsync"/>) are queued inside a transaction and sent together in one round trip just before the next
/// statement, checkpoint or commit, so they still run in the order they were issued.
/// </summary>
internal sealed partial class DbSession(NpgsqlDataSource dataSource, IOptions<DatabaseOptions> options, ILogger<DbSession> logger)
    : IUnitOfWork, IAsyncDisposable
{
    private const string CheckpointName = "checkpoint";
    private readonly List<Func<CancellationToken, Task>> afterRollback = [];
    private readonly List<Action> afterCommit = [];
    private readonly List<NpgsqlBatchCommand> pending = [];
    private NpgsqlConnection? connection;
    private bool checkpointed;

    /// <summary>The transaction of the running unit of work, or null outside one.</summary>
    public NpgsqlTransaction? Transaction { get; private set; }

    /// <summary>The session's connection, opened on first use.</summary>
    public async ValueTask<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (connection is null)
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        else if (connection.State != ConnectionState.Open)
        {
            await connection.DisposeAsync();
            connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }

        if (pending.Count > 0)
        {
            await FlushAsync(connection, cancellationToken);
        }

        return connection;
    }

    /// <summary>
    /// A statement with positional parameters (<c>$1</c>, …; null is sent as SQL NULL) on the session's connection, in
    /// its transaction if one is running; queued writes are sent first. For the hot paths, where Dapper's parameter
    /// objects and mapping cost more than the statement's few columns are worth.
    /// </summary>
    public async ValueTask<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken, params object?[] values) =>
        CommandSql.Command(sql, await ConnectionAsync(cancellationToken), Transaction, values);

    /// <summary>
    /// A write with positional parameters (<c>$1</c>, …; null is sent as SQL NULL) whose row count nobody needs. Inside
    /// a unit of work it is queued and sent with the other queued writes right before the session's next statement,
    /// checkpoint or commit (a failure surfaces there, still inside the unit of work); outside one it runs at once.
    /// </summary>
    public async Task WriteAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        pending.Add(CommandSql.Batched(sql, values));
        if (Transaction is null)
        {
            await ConnectionAsync(cancellationToken);
        }
    }

    public async Task<TResult> ExecuteAsync<TResult>(
        Func<CancellationToken, Task<TResult>> work,
        Func<TResult, bool> shouldCommit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(shouldCommit);
        if (Transaction is not null)
        {
            throw new InvalidOperationException("A unit of work is already running in this scope.");
        }

        var maxAttempts = Math.Max(1, options.Value.MaxTransactionAttempts);
        for (var attempt = 1; ; attempt++)
        {
            afterRollback.Clear();
            afterCommit.Clear();
            checkpointed = false;
            var conn = await ConnectionAsync(cancellationToken);
            Transaction = await conn.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            try
            {
                var result = await work(cancellationToken);
                if (shouldCommit(result))
                {
                    // Not cancellable: once the work is done, the outcome must be decided, not abandoned half-way.
                    await CommitAsync(conn);
                    await EndTransactionAsync();
                    foreach (var action in afterCommit)
                    {
                        action();
                    }
                }
                else if (checkpointed)
                {
                    // Undo the work but keep what came before the checkpoint (and its locks), record the failure's
                    // writes, and commit them together.
                    pending.Clear();
                    await Transaction.RollbackAsync(CheckpointName, CancellationToken.None);
                    foreach (var action in afterRollback)
                    {
                        await action(CancellationToken.None);
                    }

                    await CommitAsync(conn);
                    await EndTransactionAsync();
                }
                else
                {
                    pending.Clear();
                    await Transaction.RollbackAsync(CancellationToken.None);
                    await EndTransactionAsync();
                    await RunAfterRollbackAsync(conn);
                }

                return result;
            }
            catch (PostgresException exception) when (IsRetryable(exception) && attempt < maxAttempts)
            {
                await RollbackQuietlyAsync();
                LogRetry(logger, exception.SqlState, attempt, maxAttempts);
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
            catch
            {
                await RollbackQuietlyAsync();
                throw;
            }
        }
    }

    public void OnRolledBack(Func<CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        EnsureInUnitOfWork();
        afterRollback.Add(action);
    }

    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        EnsureInUnitOfWork();
        if (checkpointed)
        {
            throw new InvalidOperationException("A unit of work has one checkpoint.");
        }

        await ConnectionAsync(cancellationToken);
        await Transaction!.SaveAsync(CheckpointName, cancellationToken);
        checkpointed = true;
    }

    public void OnCommitted(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        EnsureInUnitOfWork();
        afterCommit.Add(action);
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackQuietlyAsync();
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    /// <summary>Deadlock (40P01) and serialization failure (40001): the database rolled back, so re-running is safe.</summary>
    internal static bool IsRetryable(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * (1 << Math.Min(attempt, 6))));

    private async Task RunAfterRollbackAsync(NpgsqlConnection conn)
    {
        if (afterRollback.Count == 0)
        {
            return;
        }

        // The request may already be cancelled; what must survive the rollback is still written.
        Transaction = await conn.BeginTransactionAsync(IsolationLevel.ReadCommitted, CancellationToken.None);
        try
        {
            foreach (var action in afterRollback)
            {
                await action(CancellationToken.None);
            }

            await CommitAsync(conn);
        }
        finally
        {
            await RollbackQuietlyAsync();
        }
    }

    /// <summary>Sends the queued writes (not cancellable: the outcome is being decided), then commits.</summary>
    private async Task CommitAsync(NpgsqlConnection conn)
    {
        if (pending.Count > 0)
        {
            await FlushAsync(conn, CancellationToken.None);
        }

        await Transaction!.CommitAsync(CancellationToken.None);
    }

    private async Task FlushAsync(NpgsqlConnection conn, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(conn, Transaction);
        foreach (var command in pending)
        {
            batch.BatchCommands.Add(command);
        }

        pending.Clear();
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task EndTransactionAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync();
            Transaction = null;
        }
    }

    private async Task RollbackQuietlyAsync()
    {
        pending.Clear();
        if (Transaction is null)
        {
            return;
        }

        try
        {
            if (Transaction.Connection is not null)
            {
                await Transaction.RollbackAsync(CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // The connection broke; the server has rolled the transaction back already.
            LogRollbackFailed(logger, exception);
        }
        finally
        {
            await EndTransactionAsync();
        }
    }

    private void EnsureInUnitOfWork()
    {
        if (Transaction is null)
        {
            throw new InvalidOperationException("Only code running inside a unit of work can register transaction callbacks.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction aborted by the database ({SqlState}); attempt {Attempt} of {MaxAttempts}, retrying")]
    private static partial void LogRetry(ILogger logger, string sqlState, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rollback failed on a broken connection")]
    private static partial void LogRollbackFailed(ILogger logger, Exception exception);
}

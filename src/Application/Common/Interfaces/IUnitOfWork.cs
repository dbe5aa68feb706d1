namespace PortfolioTracker.Application.Common.Interfaces;

/// <summary>
/// One database connection and transaction for the duration of a command. Repositories used inside
/// <see cref="ExecuteAsync{TResult}"/> take part in the transaction automatically.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, commits when <paramref name="shouldCommit"/> says so and rolls
    /// back otherwise. A deadlock or serialization failure reported by the database re-runs the whole work
    /// (a bounded number of times), so <paramref name="work"/> must load everything it needs afresh.
    /// </summary>
    Task<TResult> ExecuteAsync<TResult>(
        Func<CancellationToken, Task<TResult>> work,
        Func<TResult, bool> shouldCommit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Registers writes that must survive a failure (a refusal to audit, a revoked token family, a refused outcome of
    /// an idempotency key). When the work fails, its changes are undone and then these run: in the same transaction,
    /// which is committed, when a <see cref="CheckpointAsync"/> was set (everything before it survives too), otherwise
    /// in a transaction of their own.
    /// </summary>
    void OnRolledBack(Func<CancellationToken, Task> action);

    /// <summary>
    /// Marks the point a failure rolls back to. What was written before it (an idempotency key's claim) stays, and
    /// keeps its row locks, until the writes registered with <see cref="OnRolledBack"/> have run and committed.
    /// </summary>
    Task CheckpointAsync(CancellationToken cancellationToken);

    /// <summary>Registers an in-process action (e.g. a cache invalidation) to run once the transaction committed.</summary>
    void OnCommitted(Action action);
}

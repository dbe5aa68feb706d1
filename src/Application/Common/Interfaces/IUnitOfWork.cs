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
    /// Registers writes that must survive a rollback (a refusal to audit, a revoked token family): they run in a
    /// transaction of their own after the main one was rolled back.
    /// </summary>
    void OnRolledBack(Func<CancellationToken, Task> action);

    /// <summary>Registers an in-process action (e.g. a cache invalidation) to run once the transaction committed.</summary>
    void OnCommitted(Action action);
}

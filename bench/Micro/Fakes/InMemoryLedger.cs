using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Bench.Micro.Fakes;

/// <summary>
/// The ports a money movement uses, answering from memory the way the repositories do (a lock returns the rows as
/// freshly read objects) and storing nothing, so every run does the same work and no database is touched.
/// </summary>
internal sealed class InMemoryAccounts : IAccountRepository
{
    private readonly IReadOnlyList<Account> movement = [TestData.From, TestData.To];

    public Task<IReadOnlyList<Account>> LockForMovementAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken) =>
        Task.FromResult(movement);

    public Task<Account?> FindForUpdateAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Account> GetWorldAsync(AssetCode asset, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Balance>> LockBalancesAsync(Guid accountId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Result> AddAsync(Account account, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Result> UpdateAsync(Account account, int loadedVersion, CancellationToken cancellationToken) => throw new NotSupportedException();
}

internal sealed class InMemoryLedger : ILedgerRepository
{
    public Task<BalanceSheet> LockBalancesAsync(IReadOnlyList<BalanceKey> keys, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(new BalanceSheet([.. keys.Select(k => Balance.Rehydrate(k.AccountId, TestData.Usd, 1_000_000m, 0, 42, TestData.Now))]));

    public Task AddAsync(Transaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SaveBalancesAsync(BalanceSheet sheet, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ApplyWorldPostingsAsync(Transaction transaction, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<Transaction?> FindForUpdateAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task UpdateAsync(Transaction transaction, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>Runs the work and decides like the real session, without a connection or transaction.</summary>
internal sealed class InMemoryUnitOfWork : IUnitOfWork
{
    public async Task<TResult> ExecuteAsync<TResult>(
        Func<CancellationToken, Task<TResult>> work, Func<TResult, bool> shouldCommit, CancellationToken cancellationToken)
    {
        var result = await work(cancellationToken);
        _ = shouldCommit(result);
        return result;
    }

    public void OnRolledBack(Func<CancellationToken, Task> action)
    {
    }

    public Task CheckpointAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void OnCommitted(Action action)
    {
    }
}

/// <summary>Every key is new: claimed, completed, never replayed.</summary>
internal sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    public Task<bool> TryClaimAsync(Guid userId, string key, string requestHash, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IdempotencyRecord?> FindAsync(Guid userId, string key, CancellationToken cancellationToken) =>
        Task.FromResult<IdempotencyRecord?>(null);

    public Task CompleteAsync(Guid userId, string key, StoredOutcome outcome, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoreRefusalAsync(Guid userId, string key, StoredOutcome outcome, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReleaseAsync(Guid userId, string key, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class NullAuditLog : IAuditLog
{
    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class FixedCurrentUser : ICurrentUser
{
    public Guid? UserId => TestData.OwnerId;

    public bool IsAdmin => false;

    public string? ClientIp => "127.0.0.1";

    public string? TraceId => "4bf92f3577b34da6a3ce929d0e0e4736";
}

using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions;

/// <summary>Transactions and balances inside the current unit of work.</summary>
public interface ILedgerRepository
{
    /// <summary>
    /// Locks the balances (creating empty ones, as of <paramref name="now"/>, that do not exist yet) in one global
    /// order — users' balances by account and asset, world balances last — so concurrent movements cannot deadlock.
    /// </summary>
    Task<BalanceSheet> LockBalancesAsync(IReadOnlyList<BalanceKey> keys, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The transaction, locked so that one post, void or reversal runs at a time.</summary>
    Task<Transaction?> FindForUpdateAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Inserts a new transaction and its postings.</summary>
    Task AddAsync(Transaction transaction, CancellationToken cancellationToken);

    /// <summary>Stores a status change and the postings it applied.</summary>
    Task UpdateAsync(Transaction transaction, CancellationToken cancellationToken);

    /// <summary>Stores the balances the operation changed.</summary>
    Task SaveBalancesAsync(BalanceSheet sheet, CancellationToken cancellationToken);
}

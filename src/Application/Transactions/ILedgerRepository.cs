using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions;

/// <summary>Transactions and balances inside the current unit of work.</summary>
public interface ILedgerRepository
{
    /// <summary>
    /// Locks the user balances (creating empty ones, as of <paramref name="now"/>, that do not exist yet) in one global
    /// order — by account and asset — so concurrent movements cannot deadlock.
    /// </summary>
    Task<BalanceSheet> LockBalancesAsync(IReadOnlyList<BalanceKey> keys, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The transaction, locked so that one post, void or reversal runs at a time.</summary>
    Task<Transaction?> FindForUpdateAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Inserts a new transaction and its postings.</summary>
    Task AddAsync(Transaction transaction, CancellationToken cancellationToken);

    /// <summary>Stores a status change and the postings it applied.</summary>
    Task UpdateAsync(Transaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the transaction's world postings (money entering or leaving the ledger) to the world balances, last in
    /// the unit of work: world balances are the sum of everything users hold, unbounded, so the store keeps them.
    /// </summary>
    Task ApplyWorldPostingsAsync(Transaction transaction, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores the user balances the operation changed.</summary>
    Task SaveBalancesAsync(BalanceSheet sheet, CancellationToken cancellationToken);
}

using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.Transactions;

/// <summary>A transaction with every balance shown, and the owner of each account it touches (null: world).</summary>
public sealed record TransactionView(TransactionDto Transaction, IReadOnlyDictionary<Guid, Guid?> Owners)
{
    /// <summary>True when one of the transaction's accounts belongs to <paramref name="userId"/>.</summary>
    public bool Touches(Guid userId) => Owners.Values.Contains(userId);
}

/// <summary>Filters of the transaction list (already validated).</summary>
public sealed record TransactionFilter(string? Type, string? Status, DateTimeOffset? From, DateTimeOffset? To);

public interface ITransactionQueries
{
    Task<TransactionView?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Transactions touching any of <paramref name="accountIds"/>, newest first.</summary>
    Task<Page<TransactionView>> ListAsync(
        IReadOnlyCollection<Guid> accountIds, TransactionFilter filter, PageRequest page, CancellationToken cancellationToken);
}

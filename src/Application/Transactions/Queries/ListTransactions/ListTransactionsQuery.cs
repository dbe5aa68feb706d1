using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.Transactions.Queries.ListTransactions;

/// <summary>The caller's transactions (or, for an admin, any account's with <paramref name="AccountId"/>), newest first.</summary>
public sealed record ListTransactionsQuery(
    Guid? AccountId,
    string? Type,
    string? Status,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Limit,
    string? Cursor) : IQuery<Page<TransactionDto>>;

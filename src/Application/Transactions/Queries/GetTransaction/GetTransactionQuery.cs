using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Transactions.Queries.GetTransaction;

public sealed record GetTransactionQuery(Guid TransactionId) : IQuery<TransactionDto>;

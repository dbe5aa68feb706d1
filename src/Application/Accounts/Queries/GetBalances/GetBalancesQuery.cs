using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Accounts.Queries.GetBalances;

/// <param name="AccountId">The account.</param>
/// <param name="At">When set, the balances as they were at that instant.</param>
public sealed record GetBalancesQuery(Guid AccountId, DateTimeOffset? At) : IQuery<ItemList<BalanceDto>>;

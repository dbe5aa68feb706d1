using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Accounts.Queries.GetAccount;

public sealed record GetAccountQuery(Guid AccountId) : IQuery<AccountDto>;

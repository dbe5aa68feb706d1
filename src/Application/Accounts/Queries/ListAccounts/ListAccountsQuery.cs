using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Accounts.Queries.ListAccounts;

public sealed record ListAccountsQuery : IQuery<ItemList<AccountDto>>;

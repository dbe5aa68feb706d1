using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Accounts.Queries.GetBalanceHistory;

/// <param name="AccountId">The account.</param>
/// <param name="Asset">The asset; the account's base currency when omitted.</param>
/// <param name="From">Start (default: 30 intervals before <paramref name="To"/>).</param>
/// <param name="To">End (default: now).</param>
/// <param name="Interval"><c>hour</c> or <c>day</c> (default <c>day</c>).</param>
public sealed record GetBalanceHistoryQuery(Guid AccountId, string? Asset, DateTimeOffset? From, DateTimeOffset? To, string? Interval)
    : IQuery<ItemList<BalancePointDto>>
{
    /// <summary>At most this many points per answer.</summary>
    public const int MaxPoints = 2000;

    public const int DefaultPoints = 30;
}

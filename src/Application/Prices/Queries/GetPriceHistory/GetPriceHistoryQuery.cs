using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Prices.Queries.GetPriceHistory;

public sealed record GetPriceHistoryQuery(string CoinId, string? Vs, int Days) : IQuery<ItemList<PricePointDto>>
{
    public const int DefaultDays = 30;
    public const int MaxDays = 365;
}

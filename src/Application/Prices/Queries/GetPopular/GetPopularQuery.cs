using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Prices.Queries.GetPopular;

public sealed record GetPopularQuery(int Limit, string? Vs) : IQuery<ItemList<PriceDto>>
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
}

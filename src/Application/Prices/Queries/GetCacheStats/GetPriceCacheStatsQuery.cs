using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Prices.Queries.GetCacheStats;

public sealed record GetPriceCacheStatsQuery : IQuery<PriceCacheStatsDto>;

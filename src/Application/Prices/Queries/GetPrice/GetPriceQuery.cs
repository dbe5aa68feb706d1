using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Prices.Queries.GetPrice;

public sealed record GetPriceQuery(string CoinId, string? Vs) : IQuery<PriceDto>;

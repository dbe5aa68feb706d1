using MediatR;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices.Commands.ClearCache;

/// <summary>Empties the price cache of this instance (admin). Touches no database, so it runs without a transaction.</summary>
public sealed record ClearPriceCacheCommand : IRequest<Result>;

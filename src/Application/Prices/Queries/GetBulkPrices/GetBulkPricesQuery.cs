using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Prices.Queries.GetBulkPrices;

/// <param name="Coins">1–50 coin ids (duplicates are answered once).</param>
/// <param name="Vs">The vs currency (default usd).</param>
/// <param name="TimeoutMs">How long to wait for providers at most; coins not answered by then fail alone.</param>
public sealed record GetBulkPricesQuery(IReadOnlyList<string>? Coins, string? Vs, int? TimeoutMs) : IQuery<BulkPricesDto>
{
    public const int MaxCoins = 50;
    public const int MaxTimeoutMs = 30_000;
}

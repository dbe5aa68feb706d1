using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Portfolio.Queries.GetPortfolio;

/// <param name="Quote">The asset everything is valued in (default USD).</param>
/// <param name="AccountId">One account only; all of the caller's accounts when omitted.</param>
public sealed record GetPortfolioQuery(string? Quote, Guid? AccountId) : IQuery<PortfolioDto>
{
    public const string DefaultQuote = "USD";
}

using MediatR;
using PortfolioTracker.Application.Portfolio.Queries.GetPortfolio;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Portfolio.Streaming;

/// <summary>Checks the scope once (another user's account is 404 before the stream starts), then streams snapshots.</summary>
internal sealed class OpenPortfolioStreamQueryHandler(
    PortfolioScope scope,
    IRequestHandler<GetPortfolioQuery, Result<PortfolioDto>> portfolio,
    TimeProvider clock) : IRequestHandler<OpenPortfolioStreamQuery, Result<PortfolioStreamSession>>
{
    public async Task<Result<PortfolioStreamSession>> Handle(OpenPortfolioStreamQuery request, CancellationToken cancellationToken)
    {
        var accounts = await scope.AccountsAsync(request.AccountId, cancellationToken);
        if (accounts.IsFailure)
        {
            return accounts.Error;
        }

        return new PortfolioStreamSession(
            portfolio,
            new GetPortfolioQuery(request.Quote, request.AccountId),
            TimeSpan.FromSeconds(request.Interval ?? OpenPortfolioStreamQuery.DefaultInterval),
            request.MaxUpdates,
            request.LastId,
            clock);
    }
}

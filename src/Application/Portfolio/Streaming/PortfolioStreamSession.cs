using System.Runtime.CompilerServices;
using MediatR;
using PortfolioTracker.Application.Portfolio.Queries.GetPortfolio;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Portfolio.Streaming;

/// <summary>One snapshot of a portfolio stream and its event id.</summary>
public sealed record PortfolioStreamEvent(long Id, PortfolioDto Portfolio);

/// <summary>
/// The portfolio valued every <c>interval</c>, the first snapshot at once, exactly as <c>GET /portfolio</c> answers
/// it (prices come from the cache the refresher keeps warm). Ends after <c>maxUpdates</c> snapshots, if given.
/// </summary>
public sealed class PortfolioStreamSession
{
    private readonly IRequestHandler<GetPortfolioQuery, Result<PortfolioDto>> portfolio;
    private readonly GetPortfolioQuery query;
    private readonly TimeSpan interval;
    private readonly int? maxUpdates;
    private readonly TimeProvider clock;
    private long nextId;

    internal PortfolioStreamSession(
        IRequestHandler<GetPortfolioQuery, Result<PortfolioDto>> portfolio,
        GetPortfolioQuery query,
        TimeSpan interval,
        int? maxUpdates,
        long lastEventId,
        TimeProvider clock)
    {
        this.portfolio = portfolio;
        this.query = query;
        this.interval = interval;
        this.maxUpdates = maxUpdates;
        this.clock = clock;
        nextId = lastEventId + 1;
    }

    public async IAsyncEnumerable<PortfolioStreamEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = 0;
        var next = clock.GetUtcNow();
        while (maxUpdates is not { } max || sent < max)
        {
            var wait = next - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }

            next += interval;
            var snapshot = await portfolio.Handle(query, cancellationToken);
            if (snapshot.IsFailure)
            {
                // The account was closed to this user meanwhile (e.g. the user was deleted): the stream ends.
                yield break;
            }

            yield return new PortfolioStreamEvent(nextId++, snapshot.Value);
            sent++;
        }
    }
}

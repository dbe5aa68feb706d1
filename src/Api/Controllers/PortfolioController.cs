using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.OpenApi;
using PortfolioTracker.Application.Portfolio;
using PortfolioTracker.Application.Portfolio.Queries.GetPerformance;
using PortfolioTracker.Application.Portfolio.Queries.GetPortfolio;
using PortfolioTracker.Application.Portfolio.Streaming;
using PortfolioTracker.Api.Streaming;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/portfolio")]
[Tags("portfolio")]
[Authorize]
public sealed class PortfolioController(IMediator mediator) : ApiControllerBase
{
    private const string PortfolioEventsExample =
        "retry: 3000\n\n" +
        "id: 1\nevent: portfolio\ndata: {\"quote\":\"USD\",\"asOf\":\"2026-11-21T17:40:00.123456Z\",\"totalValue\":\"7000.04\"," +
        "\"totalCost\":\"5802.00\",\"unrealizedPnl\":\"1198.04\",\"holdings\":[{\"asset\":\"BTC\",\"quantity\":\"0.07000000\"," +
        "\"price\":\"100000.5\",\"value\":\"7000.04\",\"averageCost\":\"82885.71\",\"costBasis\":\"5802.00\"," +
        "\"unrealizedPnl\":\"1198.04\",\"allocationPct\":\"100.00\",\"stale\":false,\"error\":null}]}\n\n";

    private const string PortfolioEvents =
        "An event stream: `event: portfolio` events whose `data:` is a `Portfolio` (one line of JSON), with increasing `id:`s.";

    /// <summary>Your holdings (or one account's) valued in a quote asset, with average cost and unrealized P&amp;L.</summary>
    /// <remarks>
    /// Holdings by value, largest first. A holding whose price is unavailable has <c>price</c>, <c>value</c>, <c>costBasis</c>,
    /// <c>unrealizedPnl</c> and <c>allocationPct</c> null and an <c>error</c>, and is left out of the totals: it never fails the
    /// request. Totals are the sums of the holdings' rounded figures. Rounding and average cost: docs/portfolio.md.
    /// </remarks>
    [HttpGet(Name = "getPortfolio")]
    [ProducesResponseType<PortfolioDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> Get(
        [FromQuery, Pattern(PatternAttribute.AssetCode), Default("USD")]
        [Description("The asset to value in (any known asset code, any case); default USD.")]
        string? quote,
        [FromQuery, Description("One of your accounts (any for an admin); default all of yours.")] Guid? accountId,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPortfolioQuery(quote, accountId), cancellationToken));

    /// <summary>The portfolio's value at the close of each day, oldest first; the last item is the current value.</summary>
    /// <remarks>
    /// One item per UTC day from <c>from</c> to <c>to</c>: what was held at the end of the day × the price then. When the range
    /// reaches now, the last item is the current value (the <c>totalValue</c> of <c>GET /portfolio</c>). An asset whose price
    /// history is unavailable is left out of every item and named in <c>errors</c>.
    /// </remarks>
    [HttpGet("performance", Name = "getPortfolioPerformance")]
    [ProducesResponseType<PerformanceDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> Performance(
        [FromQuery, Pattern(PatternAttribute.AssetCode), Default("USD"), Description("The asset to value in; default USD.")] string? quote,
        [FromQuery, Description("Start (RFC 3339), within the last 365 days; default 29 days before `to`.")] DateTimeOffset? from,
        [FromQuery, Description("End (RFC 3339), not before `from`; default (and at most) now.")] DateTimeOffset? to,
        [FromQuery, Values("day"), Default("day"), Description("Only `day`.")] string? interval,
        [FromQuery, Description("One of your accounts (any for an admin); default all of yours.")] Guid? accountId,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPerformanceQuery(quote, from, to, interval, accountId), cancellationToken));

    /// <summary>Server-Sent Events: the snapshot of <c>GET /portfolio</c> every <c>interval</c> seconds.</summary>
    /// <remarks>
    /// A <c>text/event-stream</c> that stays open: a <c>retry:</c> hint, then one <c>event: portfolio</c> per snapshot (the
    /// first at once) with an increasing <c>id:</c> and, as <c>data:</c>, one line of JSON of the schema <c>Portfolio</c>;
    /// <c>: heartbeat</c> comments keep an idle stream open. The token may also come as <c>?access_token=</c>. Errors before
    /// the stream starts are problem responses. Details: docs/streaming.md.
    /// </remarks>
    [HttpGet("stream", Name = "streamPortfolio")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, StreamEndpoints.EventStream, Description = PortfolioEvents)]
    [EventStreamExample(PortfolioEventsExample)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> Stream(
        [FromQuery, Pattern(PatternAttribute.AssetCode), Default("USD"), Description("The asset to value in; default USD.")] string? quote,
        [FromQuery, Description("One of your accounts (any for an admin); default all of yours.")] Guid? accountId,
        [FromQuery, Between(1, OpenPortfolioStreamQuery.MaxInterval), Default(OpenPortfolioStreamQuery.DefaultInterval)]
        [Description("Seconds between snapshots.")]
        int? interval,
        [FromQuery, Between(1, OpenPortfolioStreamQuery.MaxMaxUpdates)]
        [Description("Snapshots to send, then the stream ends; default until the client leaves.")]
        int? maxUpdates,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        CancellationToken cancellationToken)
    {
        var opened = await mediator.Send(new OpenPortfolioStreamQuery(quote, accountId, interval, maxUpdates, lastEventId), cancellationToken);
        if (opened.IsFailure)
        {
            return Problem(opened.Error);
        }

        await StreamEndpoints.WritePortfolioAsync(HttpContext, opened.Value);
        return new EmptyResult();
    }
}

using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Application.Portfolio;
using PortfolioTracker.Application.Portfolio.Queries.GetPerformance;
using PortfolioTracker.Application.Portfolio.Queries.GetPortfolio;
using PortfolioTracker.Application.Portfolio.Streaming;
using PortfolioTracker.Api.Streaming;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/portfolio")]
[Tags("portfolio")]
[Authorize]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
public sealed class PortfolioController(IMediator mediator) : ApiControllerBase
{
    /// <summary>Your holdings (or one account's) valued in a quote asset, with average cost and unrealized P&amp;L.</summary>
    [HttpGet(Name = "getPortfolio")]
    [ProducesResponseType<PortfolioDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Get([FromQuery] string? quote, [FromQuery] Guid? accountId, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPortfolioQuery(quote, accountId), cancellationToken));

    /// <summary>The portfolio's value at the close of each day, oldest first; the last item is the current value.</summary>
    [HttpGet("performance", Name = "getPortfolioPerformance")]
    [ProducesResponseType<PerformanceDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Performance(
        [FromQuery] string? quote,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] string? interval,
        [FromQuery] Guid? accountId,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPerformanceQuery(quote, from, to, interval, accountId), cancellationToken));

    /// <summary>
    /// Server-Sent Events: <c>event: portfolio</c> with the snapshot of <c>GET /portfolio</c> every <c>interval</c>
    /// seconds (the first at once). Also accepts <c>?access_token=</c>.
    /// </summary>
    [HttpGet("stream", Name = "streamPortfolio")]
    [ProducesResponseType<PortfolioDto>(StatusCodes.Status200OK, "text/event-stream")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Stream(
        [FromQuery] string? quote,
        [FromQuery] Guid? accountId,
        [FromQuery] int? interval,
        [FromQuery] int? maxUpdates,
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

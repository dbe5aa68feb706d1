using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Commands.ClearCache;
using PortfolioTracker.Application.Prices.Queries.GetBulkPrices;
using PortfolioTracker.Application.Prices.Queries.GetCacheStats;
using PortfolioTracker.Application.Prices.Queries.GetPopular;
using PortfolioTracker.Application.Prices.Queries.GetPrice;
using PortfolioTracker.Application.Prices.Queries.GetPriceHistory;
using PortfolioTracker.Application.Prices.Streaming.OpenPriceStream;
using PortfolioTracker.Api.Streaming;
using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/prices")]
[Tags("prices")]
[Authorize]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
public sealed class PricesController(IMediator mediator) : ApiControllerBase
{
    /// <summary>Top coins by market capitalisation, largest first.</summary>
    [HttpGet("popular", Name = "listPopularPrices")]
    [ProducesResponseType<ItemList<PriceDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status503ServiceUnavailable, ApiProblems.ContentType)]
    public async Task<IActionResult> Popular([FromQuery] int? limit, [FromQuery] string? vs, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPopularQuery(limit ?? GetPopularQuery.DefaultLimit, Vs(vs)), cancellationToken));

    /// <summary>Prices of 1–50 coins at once; one coin failing never fails the batch.</summary>
    [HttpPost("bulk", Name = "getBulkPrices")]
    [ProducesResponseType<BulkPricesDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    public async Task<IActionResult> Bulk([FromBody] BulkPricesRequest body, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetBulkPricesQuery(body.Coins, Vs(body.Vs), body.TimeoutMs), cancellationToken));

    /// <summary>Cache counters (admin).</summary>
    [HttpGet("cache/stats", Name = "getPriceCacheStats")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [ProducesResponseType<PriceCacheStatsDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ApiProblems.ContentType)]
    public async Task<IActionResult> CacheStats(CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPriceCacheStatsQuery(), cancellationToken));

    /// <summary>Empty the price cache (admin).</summary>
    [HttpDelete("cache", Name = "clearPriceCache")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ApiProblems.ContentType)]
    public async Task<IActionResult> ClearCache(CancellationToken cancellationToken) =>
        NoContentOrProblem(await mediator.Send(new ClearPriceCacheCommand(), cancellationToken));

    /// <summary>
    /// Server-Sent Events: every <c>interval</c> seconds one <c>event: price</c> per coin (a <c>Price</c>, with an
    /// increasing <c>id</c>); <c>maxUpdates</c> ticks, then the stream ends; <c>: heartbeat</c> comments keep it alive;
    /// <c>Last-Event-ID</c> resumes with the latest prices. Also accepts <c>?access_token=</c>.
    /// </summary>
    [HttpGet("stream", Name = "streamPrices")]
    [ProducesResponseType<PriceDto>(StatusCodes.Status200OK, "text/event-stream")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Stream(
        [FromQuery] string? coins,
        [FromQuery] string? vs,
        [FromQuery] int? interval,
        [FromQuery] int? maxUpdates,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        CancellationToken cancellationToken)
    {
        var opened = await mediator.Send(new OpenPriceStreamQuery(coins, Vs(vs), interval, maxUpdates, lastEventId), cancellationToken);
        if (opened.IsFailure)
        {
            return Problem(opened.Error);
        }

        using var session = opened.Value;
        await StreamEndpoints.WritePricesAsync(HttpContext, session);
        return new EmptyResult();
    }

    /// <summary>One coin's price; stale (with its real fetchedAt) when the providers fail but a price is known.</summary>
    [HttpGet("{coinId}", Name = "getPrice")]
    [ProducesResponseType<PriceDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status503ServiceUnavailable, ApiProblems.ContentType)]
    public async Task<IActionResult> Get(string coinId, [FromQuery] string? vs, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPriceQuery(coinId, Vs(vs)), cancellationToken));

    /// <summary>A coin's prices over the last days, oldest first.</summary>
    [HttpGet("{coinId}/history", Name = "getPriceHistory")]
    [ProducesResponseType<ItemList<PricePointDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status503ServiceUnavailable, ApiProblems.ContentType)]
    public async Task<IActionResult> History(string coinId, [FromQuery] string? vs, [FromQuery] int? days, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPriceHistoryQuery(coinId, Vs(vs), days ?? GetPriceHistoryQuery.DefaultDays), cancellationToken));

    /// <summary>Vs currencies are codes: <c>USD</c> and <c>usd</c> are the same.</summary>
    private static string? Vs(string? vs) => vs?.Trim().ToLowerInvariant();
}

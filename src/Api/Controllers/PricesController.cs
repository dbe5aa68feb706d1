using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.OpenApi;
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
public sealed class PricesController(IMediator mediator) : ApiControllerBase
{
    private const string VsDescription =
        "The vs currency, any case: one of the configured ones (by default `usd`, `eur`, `gbp`, `btc`, `eth`).";

    private const string PriceEventsExample =
        "retry: 3000\n\n" +
        "id: 1\nevent: price\ndata: {\"coinId\":\"bitcoin\",\"symbol\":\"BTC\",\"name\":\"Bitcoin\",\"price\":\"95252.50093\"," +
        "\"marketCap\":\"1885999518414\",\"change24h\":\"-3.21\",\"vs\":\"usd\",\"fetchedAt\":\"2026-11-21T18:10:54.983486Z\"," +
        "\"source\":\"simulated\",\"stale\":false}\n\n" +
        ": heartbeat\n\n";

    private const string PriceEvents =
        "An event stream: `event: price` events whose `data:` is a `Price` (one line of JSON), with increasing `id:`s; " +
        "`event: error` (no id) once for a coin that cannot be priced, `data: {\"coinId\", \"code\", \"message\"}`.";

    /// <summary>Top coins by market capitalisation, largest first.</summary>
    /// <remarks>When every provider fails, the last known list is served (its prices marked <c>stale</c>).</remarks>
    [HttpGet("popular", Name = "listPopularPrices")]
    [ProducesResponseType<ItemList<PriceDto>>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status503ServiceUnavailable, "price_unavailable")]
    public async Task<IActionResult> Popular(
        [FromQuery, Between(1, GetPopularQuery.MaxLimit), Default(GetPopularQuery.DefaultLimit)] int? limit,
        [FromQuery, Default(PriceRules.DefaultVs), Description(VsDescription)] string? vs,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPopularQuery(limit ?? GetPopularQuery.DefaultLimit, Vs(vs)), cancellationToken));

    /// <summary>Prices of 1–50 coins at once; one coin failing never fails the batch.</summary>
    /// <remarks>
    /// Duplicates are answered once. Each coin fails on its own, as an item with null price fields and an <c>error</c>
    /// (<c>not_found</c>, <c>invalid_coin_id</c>, <c>price_unavailable</c>, <c>price_timeout</c>); coins not answered within
    /// <c>timeoutMs</c> are served stale when a price is known.
    /// </remarks>
    [HttpPost("bulk", Name = "getBulkPrices")]
    [ProducesResponseType<BulkPricesDto>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Bulk([FromBody] BulkPricesRequest body, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetBulkPricesQuery(body.Coins, Vs(body.Vs), body.TimeoutMs), cancellationToken));

    /// <summary>Cache counters (admin).</summary>
    /// <remarks>
    /// The counters of this instance's price cache since start-up or the last clear; <c>hitRatio</c> is hits ÷
    /// (hits + misses).
    /// </remarks>
    [HttpGet("cache/stats", Name = "getPriceCacheStats")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [ProducesResponseType<PriceCacheStatsDto>(StatusCodes.Status200OK)]
    public async Task<IActionResult> CacheStats(CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPriceCacheStatsQuery(), cancellationToken));

    /// <summary>Empty the price cache (admin).</summary>
    /// <remarks>The counters of <c>GET /prices/cache/stats</c> start again from zero.</remarks>
    [HttpDelete("cache", Name = "clearPriceCache")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> ClearCache(CancellationToken cancellationToken) =>
        NoContentOrProblem(await mediator.Send(new ClearPriceCacheCommand(), cancellationToken));

    /// <summary>Server-Sent Events: live prices of some coins, every <c>interval</c> seconds.</summary>
    /// <remarks>
    /// A <c>text/event-stream</c> that stays open: a <c>retry:</c> hint, then every tick (the first at once) one
    /// <c>event: price</c> per coin with an increasing <c>id:</c> and, as <c>data:</c>, one line of JSON of the schema
    /// <c>Price</c>. After <c>maxUpdates</c> ticks the stream ends; <c>: heartbeat</c> comments keep an idle stream open;
    /// <c>Last-Event-ID</c> resumes with the latest prices. A coin no provider knows gets one <c>event: error</c> and is left
    /// out (when no coin is known: 404 before the stream starts). The token may also come as <c>?access_token=</c>.
    /// Details: docs/streaming.md.
    /// </remarks>
    [HttpGet("stream", Name = "streamPrices")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, StreamEndpoints.EventStream, Description = PriceEvents)]
    [EventStreamExample(PriceEventsExample)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> Stream(
        [FromQuery, RequiredField, Example("bitcoin,ethereum")]
        [Description("1–50 comma-separated market-data ids (duplicates count once; order kept).")]
        string? coins,
        [FromQuery, Default(PriceRules.DefaultVs), Description(VsDescription)] string? vs,
        [FromQuery, Between(1, OpenPriceStreamQuery.MaxInterval), Default(OpenPriceStreamQuery.DefaultInterval)]
        [Description("Seconds between ticks.")]
        int? interval,
        [FromQuery, Between(1, OpenPriceStreamQuery.MaxMaxUpdates)]
        [Description("Ticks to send, then the stream ends; default until the client leaves.")]
        int? maxUpdates,
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
    /// <remarks>
    /// Prices are cached (<c>Prices:CacheTtlSeconds</c>, 60 s by default). When every provider fails, the last known price is
    /// served with <c>stale: true</c> and its real <c>fetchedAt</c>; a coin never priced before then gets 503.
    /// </remarks>
    [HttpGet("{coinId}", Name = "getPrice")]
    [ProducesResponseType<PriceDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status400BadRequest, "validation_failed")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status503ServiceUnavailable, "price_unavailable", "price_timeout")]
    public async Task<IActionResult> Get(
        [Pattern(PatternAttribute.CoinId), Example("bitcoin")]
        [Description("The market-data id (`bitcoin`, `avalanche-2`): lower-case letters, digits and dashes.")]
        string coinId,
        [FromQuery, Default(PriceRules.DefaultVs), Description(VsDescription)] string? vs,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPriceQuery(coinId, Vs(vs)), cancellationToken));

    /// <summary>A coin's prices over the last days, oldest first.</summary>
    /// <remarks>When every provider fails, the last known history is served.</remarks>
    [HttpGet("{coinId}/history", Name = "getPriceHistory")]
    [ProducesResponseType<ItemList<PricePointDto>>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status503ServiceUnavailable, "price_unavailable")]
    public async Task<IActionResult> History(
        [Pattern(PatternAttribute.CoinId), Example("bitcoin"), Description("The market-data id (`bitcoin`).")] string coinId,
        [FromQuery, Default(PriceRules.DefaultVs), Description(VsDescription)] string? vs,
        [FromQuery, Between(1, GetPriceHistoryQuery.MaxDays), Default(GetPriceHistoryQuery.DefaultDays), Description("How many days back.")]
        int? days,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetPriceHistoryQuery(coinId, Vs(vs), days ?? GetPriceHistoryQuery.DefaultDays), cancellationToken));

    /// <summary>Vs currencies are codes: <c>USD</c> and <c>usd</c> are the same.</summary>
    private static string? Vs(string? vs) => vs?.Trim().ToLowerInvariant();
}

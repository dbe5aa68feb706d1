using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Api.Streaming;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/stream")]
[Tags("prices")]
[Authorize]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
public sealed class StreamController(PriceSockets sockets) : ApiControllerBase
{
    /// <summary>WebSocket of live prices: subscribe to coins, get their price at once and on every update.</summary>
    /// <remarks>
    /// Send <c>{"action":"subscribe"|"unsubscribe","coins":[…],"vs"?,"id"?}</c> or <c>{"action":"ping","id"?}</c>.
    /// Receive <c>{"type":"subscribed"|"unsubscribed","id","coins","vs"}</c>, <c>{"type":"price","data":Price}</c>
    /// (one per coin at once, then on every update), <c>{"type":"pong","id"}</c> and
    /// <c>{"type":"error","id","code","message","coin"}</c>; <c>id</c> echoes the client's (null without one). A bad
    /// message gets an error and the socket stays open. The token may come as <c>?access_token=</c>; without a valid one
    /// the upgrade is refused with 401. Limits, codes and close statuses: docs/streaming.md.
    /// </remarks>
    [HttpGet("ws", Name = "openPriceSocket")]
    [ProducesResponseType(StatusCodes.Status101SwitchingProtocols, Description = "Switching to the WebSocket protocol: the price socket is open.")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType, Description = "Not a WebSocket upgrade request (code websocket_required).")]
    public async Task<IActionResult> OpenPriceSocket()
    {
        if (!HttpContext.WebSockets.IsWebSocketRequest)
        {
            return ApiProblems.ToResult(ApiProblems.Create(
                HttpContext,
                StatusCodes.Status400BadRequest,
                PriceSocketErrors.WebSocketRequiredCode,
                "This endpoint speaks WebSocket only: connect with a WebSocket client (GET with Upgrade: websocket)."));
        }

        await sockets.ServeAsync(HttpContext);
        return new EmptyResult();
    }
}

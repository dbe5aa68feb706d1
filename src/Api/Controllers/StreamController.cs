using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Api.OpenApi;
using PortfolioTracker.Api.Streaming;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/stream")]
[Tags("prices")]
[Authorize]
public sealed class StreamController(PriceSockets sockets) : ApiControllerBase
{
    /// <summary>WebSocket of live prices: subscribe to coins, get their price at once and on every update.</summary>
    /// <remarks>
    /// An HTTP/1.1 upgrade (<c>ws://host/api/v1/stream/ws</c>, <c>wss://</c> behind TLS). The token is an
    /// <c>Authorization: Bearer</c> header or <c>?access_token=</c> (browsers cannot set headers on WebSockets); without a
    /// valid one the upgrade is refused with 401. Messages are JSON objects in text frames, camelCase; prices are decimal
    /// strings; every member is always present (<c>null</c> when it has no value).
    ///
    /// **Client → server**
    /// - <c>{"action":"subscribe","coins":["bitcoin","ethereum"],"vs":"usd","id":"1"}</c>: follow the coins' prices in
    ///   <c>vs</c> (optional, default <c>usd</c>; a subscription is a coin and vs pair). <c>coins</c>: 1–50 market-data ids.
    /// - <c>{"action":"unsubscribe","coins":["ethereum"],"vs":"usd","id":"2"}</c>: stop following them.
    /// - <c>{"action":"ping","id":"3"}</c>: answered with <c>pong</c>.
    ///
    /// <c>id</c> is optional (a string of at most 128 characters) and echoed in the answer (<c>null</c> when absent).
    ///
    /// **Server → client**
    /// - <c>{"type":"subscribed","id","coins","vs"}</c> and <c>{"type":"unsubscribed","id","coins","vs"}</c>: the answers.
    /// - <c>{"type":"price","data":Price}</c>: a coin's price (schema <c>Price</c>), at once after a subscribe, then on every update.
    /// - <c>{"type":"pong","id"}</c>.
    /// - <c>{"type":"error","id","code","message","coin"}</c>: a refused message, or one coin of a subscribe that failed
    ///   (<c>coin</c> names it; <c>null</c> when the error is about the whole message). Codes: <c>invalid_message</c>,
    ///   <c>unknown_action</c>, <c>validation_failed</c>, <c>message_too_large</c>, <c>subscription_limit</c>,
    ///   <c>not_found</c>, <c>price_unavailable</c>, <c>price_timeout</c>, <c>internal_error</c>.
    ///
    /// A bad message gets an <c>error</c> and the socket stays open. Answers come in the order of the messages. Close
    /// statuses: 1000 (the client closed), 1001 (server shutting down: reconnect), 1008 (the client sends without reading),
    /// 1009 (a message over the request body limit), 1011 (server failure). Limits, semantics and settings: docs/streaming.md.
    /// </remarks>
    [HttpGet("ws", Name = "openPriceSocket")]
    [ProducesResponseType(StatusCodes.Status101SwitchingProtocols, Description = "Switching to the WebSocket protocol: the price socket is open.")]
    [Problem(StatusCodes.Status400BadRequest, PriceSocketErrors.WebSocketRequiredCode)]
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

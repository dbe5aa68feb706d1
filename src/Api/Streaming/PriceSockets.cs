using Microsoft.Extensions.Options;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Api.Streaming;

/// <summary>
/// Accepts price WebSockets (<c>GET /api/v1/stream/ws</c>) and serves each as a <see cref="PriceSocket"/> until the
/// client leaves or the server stops. Keep-alive pings and the dead-peer timeout come from the WebSocket middleware's
/// options, set from <see cref="PriceSocketOptions"/>.
/// </summary>
public sealed class PriceSockets(
    IPriceTicks ticks,
    IMarketData market,
    IOptions<PriceSocketOptions> options,
    IOptions<ApiLimitsOptions> limits,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    StreamMetrics metrics,
    ILogger<PriceSockets> logger)
{
    /// <summary>Completes the upgrade and serves the socket; returns when it is closed.</summary>
    public async Task ServeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connected = metrics.Connected(StreamMetrics.WebSocket);
        using var session = new PriceSocket(
            socket,
            ticks.Subscribe(PriceSocket.TickQueueCapacity),
            market,
            options.Value,
            limits.Value.MaxRequestBodyBytes,
            json.Value.SerializerOptions,
            clock,
            logger,
            context.RequestAborted);
        await session.RunAsync(lifetime.ApplicationStopping);
    }
}

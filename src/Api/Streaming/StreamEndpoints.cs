using PortfolioTracker.Application.Portfolio.Streaming;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Api.Streaming;

/// <summary>A coin a price stream cannot price, sent once as <c>event: error</c>.</summary>
internal sealed record StreamErrorDto(string CoinId, string Code, string Message);

/// <summary>The server-sent event streams: prices and portfolio snapshots.</summary>
internal static partial class StreamEndpoints
{
    /// <summary>The media type of the streams.</summary>
    public const string EventStream = "text/event-stream";

    /// <summary>One <c>event: price</c> per coin per tick (and <c>event: error</c> once for a coin that cannot be priced).</summary>
    public static async Task WritePricesAsync(HttpContext context, PriceStreamSession session)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(session);
        await ServeAsync(
            context,
            session.ReadAllAsync,
            async (events, tick, cancellationToken) =>
            {
                foreach (var error in tick.Errors)
                {
                    await events.WriteAsync("error", null, new StreamErrorDto(error.CoinId, error.Error.Code, error.Error.Message), cancellationToken);
                }

                foreach (var item in tick.Events)
                {
                    await events.WriteAsync("price", item.Id, item.Price, cancellationToken);
                }
            });
        if (session.Dropped > 0)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StreamEndpoints));
            LogSlowClient(logger, session.Dropped);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A price stream ended having dropped {Dropped} updates its client read too slowly")]
    private static partial void LogSlowClient(ILogger logger, long dropped);

    /// <summary>One <c>event: portfolio</c> per snapshot.</summary>
    public static async Task WritePortfolioAsync(HttpContext context, PortfolioStreamSession session)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(session);
        await ServeAsync(
            context,
            session.ReadAllAsync,
            (events, snapshot, cancellationToken) => events.WriteAsync("portfolio", snapshot.Id, snapshot.Portfolio, cancellationToken));
    }

    /// <summary>
    /// Starts the event stream and writes every item of <paramref name="read"/> until it ends, the client leaves or the
    /// server shuts down; the connection counts as a subscriber meanwhile.
    /// </summary>
    private static async Task ServeAsync<T>(
        HttpContext context, Func<CancellationToken, IAsyncEnumerable<T>> read, Func<ServerSentEvents, T, CancellationToken, Task> write)
    {
        using var lifetime = StreamLifetime.For(context);
        using var connected = context.RequestServices.GetRequiredService<StreamMetrics>().Connected(StreamMetrics.ServerSentEvents);
        var events = await ServerSentEvents.StartAsync(context);
        await events.PumpAsync(read(lifetime.Token), (item, cancellationToken) => write(events, item, cancellationToken), lifetime.Token);
    }
}

/// <summary>A stream's lifetime: until the client leaves or the server begins to shut down.</summary>
internal sealed class StreamLifetime : IDisposable
{
    private readonly CancellationTokenSource source;

    private StreamLifetime(CancellationTokenSource source) => this.source = source;

    public CancellationToken Token => source.Token;

    public static StreamLifetime For(HttpContext context)
    {
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return new StreamLifetime(CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping));
    }

    public void Dispose() => source.Dispose();
}

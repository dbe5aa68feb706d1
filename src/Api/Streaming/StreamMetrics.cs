using System.Diagnostics.Metrics;
using PortfolioTracker.Application.Common.Telemetry;

namespace PortfolioTracker.Api.Streaming;

/// <summary>
/// Clients connected to the streams of this instance, by transport (<c>sse</c>: the price and portfolio event streams;
/// <c>websocket</c>: price sockets), as the up/down counter <c>portfoliotracker.stream.subscribers</c> (a singleton).
/// </summary>
public sealed class StreamMetrics
{
    public const string ServerSentEvents = "sse";
    public const string WebSocket = "websocket";

    private readonly UpDownCounter<long> subscribers;

    public StreamMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        subscribers = meterFactory.Create(Instrumentation.Name).CreateUpDownCounter<long>(
            "portfoliotracker.stream.subscribers", "{subscriber}", "Clients connected to a stream of this instance, by transport (sse, websocket).");
    }

    /// <summary>Counts a client of <paramref name="transport"/> until the returned handle is disposed.</summary>
    public IDisposable Connected(string transport)
    {
        var tag = new KeyValuePair<string, object?>("transport", transport);
        subscribers.Add(1, tag);
        return new Connection(subscribers, tag);
    }

    private sealed class Connection(UpDownCounter<long> subscribers, KeyValuePair<string, object?> tag) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                subscribers.Add(-1, tag);
            }
        }
    }
}

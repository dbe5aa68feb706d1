namespace PortfolioTracker.Api.Streaming;

/// <summary>
/// Limits and timeouts of the price WebSocket: settings of the <c>Streaming</c> section (which also holds those of the
/// server-sent event streams, <see cref="ServerSentEventsOptions"/>).
/// </summary>
public sealed class PriceSocketOptions
{
    public const string SectionName = "Streaming";

    /// <summary>The server pings a client it has not heard from for this long (default 15 s).</summary>
    public int KeepAliveIntervalSeconds { get; set; } = 15;

    /// <summary>
    /// A client that answers no ping, or takes none of the data sent to it, for this long is dead and dropped
    /// (default 30 s).
    /// </summary>
    public int KeepAliveTimeoutSeconds { get; set; } = 30;

    /// <summary>Prices (coin and vs pairs) one connection may follow at once (default 50).</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 50;

    /// <summary>Largest client message; a larger one is discarded and answered with <c>message_too_large</c> (default 4096).</summary>
    public int MaxMessageBytes { get; set; } = 4096;

    /// <summary>How long a closing handshake may take before the connection is dropped (default 5 s).</summary>
    public int CloseTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// How long a client's request may wait for room among the replies not yet sent (the client sends but does not
    /// read) before the connection is closed with 1008. Not a configuration setting; tests shorten it.
    /// </summary>
    internal TimeSpan FloodGrace { get; set; } = TimeSpan.FromSeconds(2);

    internal TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(KeepAliveIntervalSeconds);

    internal TimeSpan KeepAliveTimeout => TimeSpan.FromSeconds(KeepAliveTimeoutSeconds);

    internal TimeSpan CloseTimeout => TimeSpan.FromSeconds(CloseTimeoutSeconds);
}

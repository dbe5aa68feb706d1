using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;

namespace PortfolioTracker.Api.Streaming;

/// <summary>
/// One client of the price WebSocket. A reading loop takes the client's messages one after the other and answers
/// each in order; a single writing loop sends everything (a WebSocket allows one send at a time): the replies, which
/// go first, and the price updates the client follows, taken from its live-feed subscription — whose bounded queue
/// drops the oldest update when the client falls behind, so a slow client never holds up the feed or grows memory.
/// A client that keeps sending while reading nothing is closed with 1008; one that takes no data for the keep-alive
/// timeout is dropped. When the server stops, the socket is closed with 1001. Disposing frees the subscription.
/// </summary>
internal sealed partial class PriceSocket : IDisposable
{
    /// <summary>Price updates a client may fall behind by before the oldest are dropped.</summary>
    internal const int TickQueueCapacity = 64;

    /// <summary>Replies waiting to be sent; a client whose requests find no room for long is flooding.</summary>
    internal const int OutboxCapacity = 64;

    /// <summary>How long a subscribe waits for the current prices before answering without the missing ones.</summary>
    private static readonly TimeSpan SnapshotWait = TimeSpan.FromSeconds(2);

    /// <summary>How long the prices missing from a subscribe's answer are still waited for (then sent on their own).</summary>
    private static readonly TimeSpan LateWait = TimeSpan.FromSeconds(15);

    private readonly WebSocket socket;
    private readonly IPriceSubscription subscription;
    private readonly IMarketData market;
    private readonly PriceSocketOptions options;
    private readonly long maxDiscardBytes;
    private readonly JsonSerializerOptions json;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly Channel<Outgoing> outbox;
    private readonly CancellationTokenSource closing;
    private readonly TaskCompletionSource closeRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private readonly List<Task> lateFetches = [];

    /// <summary>The prices the client has been told it follows, with the last one sent. Touched by the writer only.</summary>
    private readonly Dictionary<PriceKey, MarketPrice?> live = [];

    /// <summary>
    /// Updates published between following a price and telling the client so (while its current price is read): kept
    /// so that the client gets the newer of the two. Touched by the writer only.
    /// </summary>
    private readonly Dictionary<PriceKey, MarketPrice> early = [];

    private CloseRequest? closeRequest;

    /// <summary>The status of the close frame sent, if one was (the writer sets it, the end of the run reads it).</summary>
    private WebSocketCloseStatus? closedWith;

    /// <param name="socket">The accepted socket.</param>
    /// <param name="subscription">The client's live-feed subscription (following nothing yet); disposed with this.</param>
    /// <param name="market">Where current prices come from.</param>
    /// <param name="options">Limits and timeouts.</param>
    /// <param name="maxDiscardBytes">A message larger than this is not even read to its end: the socket is closed with 1009.</param>
    /// <param name="json">The API's JSON conventions.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="aborted">Signals that the connection is gone.</param>
    public PriceSocket(
        WebSocket socket,
        IPriceSubscription subscription,
        IMarketData market,
        PriceSocketOptions options,
        long maxDiscardBytes,
        JsonSerializerOptions json,
        TimeProvider clock,
        ILogger logger,
        CancellationToken aborted)
    {
        this.socket = socket;
        this.subscription = subscription;
        this.market = market;
        this.options = options;
        this.maxDiscardBytes = Math.Max(maxDiscardBytes, options.MaxMessageBytes);
        this.json = json;
        this.clock = clock;
        this.logger = logger;
        outbox = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(OutboxCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        closing = CancellationTokenSource.CreateLinkedTokenSource(aborted);
    }

    /// <summary>The status the server closed (or is closing) the socket with; null while it is open.</summary>
    public WebSocketCloseStatus? CloseStatus
    {
        get
        {
            lock (gate)
            {
                return closeRequest?.Status;
            }
        }
    }

    private bool IsClosing => closing.IsCancellationRequested;

    /// <summary>Serves the client until it leaves, the connection breaks, or <paramref name="stopping"/> (1001).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var onStopping = stopping.Register(() => RequestClose(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down; reconnect shortly."));
        LogOpened(logger);
        var writing = WriteLoopAsync();
        var reading = ReadLoopAsync();

        // The reader asks for a close when it ends; the writer ends on its own only when the connection failed.
        if (await Task.WhenAny(writing, closeRequested.Task) == writing && !closeRequested.Task.IsCompleted)
        {
            socket.Abort();
        }

        // Closing: the writer sends the close frame, the reader waits for the client's; neither may take long.
        var both = Task.WhenAll(reading, writing);
        using (var timer = new CancellationTokenSource())
        {
            var timeout = Task.Delay(options.CloseTimeout, clock, timer.Token);
            if (await Task.WhenAny(both, timeout) == timeout)
            {
                LogCloseTimedOut(logger, options.CloseTimeoutSeconds);
                socket.Abort();
            }

            await timer.CancelAsync();
        }

        await both;
        Task[] late;
        lock (lateFetches)
        {
            late = [.. lateFetches];
        }

        await Task.WhenAll(late);
        if (closedWith is { } status)
        {
            LogClosed(logger, (int)status);
        }
        else
        {
            LogDropped(logger);
        }
    }

    public void Dispose()
    {
        subscription.Dispose();
        closing.Dispose();
    }

    /// <summary>Asks the writer to close the socket (the first request wins) and stops all further work.</summary>
    private void RequestClose(WebSocketCloseStatus status, string? description)
    {
        lock (gate)
        {
            if (closeRequest is not null)
            {
                return;
            }

            closeRequest = new CloseRequest(status, description);
        }

        closeRequested.TrySetResult();
        try
        {
            closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[options.MaxMessageBytes + 1];
        try
        {
            while (true)
            {
                var (kind, length) = await ReceiveAsync(buffer);
                if (kind == Received.Close)
                {
                    return;
                }

                if (kind == Received.Overflow)
                {
                    LogOverflow(logger, maxDiscardBytes);
                    RequestClose(WebSocketCloseStatus.MessageTooBig, $"A message may be at most {options.MaxMessageBytes} bytes.");
                    return;
                }

                if (IsClosing)
                {
                    // Closing: what the client still sends is read (so that its close frame is seen) and dropped.
                    continue;
                }

                try
                {
                    switch (kind)
                    {
                        case Received.Binary:
                            await ReplyAsync(ErrorMessage.Of(null, PriceSocketErrors.BinaryFrame));
                            break;
                        case Received.TooLarge:
                            await ReplyAsync(ErrorMessage.Of(null, PriceSocketErrors.MessageTooLarge(options.MaxMessageBytes)));
                            break;
                        default:
                            await HandleAsync(buffer.AsMemory(0, length));
                            break;
                    }
                }
                catch (OperationCanceledException) when (IsClosing)
                {
                    // The work of that message was cut short by the close; keep reading until the client's close frame.
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone (or was aborted after a close that took too long).
        }
        finally
        {
            RequestClose(WebSocketCloseStatus.NormalClosure, null);
        }
    }

    /// <summary>
    /// Reads one whole message into <paramref name="buffer"/>. What does not fit (a message over the size limit, or a
    /// binary one) is read to its end and thrown away, unless it grows past <see cref="maxDiscardBytes"/>.
    /// </summary>
    private async Task<(Received Kind, int Length)> ReceiveAsync(byte[] buffer)
    {
        var length = 0;
        long total = 0;
        var discard = false;
        var binary = false;
        while (true)
        {
            var target = discard ? buffer.AsMemory() : buffer.AsMemory(length);
            var result = await socket.ReceiveAsync(target, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (Received.Close, 0);
            }

            total += result.Count;
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                binary = true;
                discard = true;
            }
            else if (!discard)
            {
                length += result.Count;
                discard = length > options.MaxMessageBytes;
            }

            if (total > maxDiscardBytes)
            {
                return (Received.Overflow, 0);
            }

            if (result.EndOfMessage)
            {
                return binary ? (Received.Binary, 0) : discard ? (Received.TooLarge, 0) : (Received.Text, length);
            }
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> message)
    {
        var read = PriceSocketRequestReader.Read(message, market.VsCurrencies);
        if (read.Request is not { } request)
        {
            await ReplyAsync(ErrorMessage.Of(read.Id, read.Error!));
            return;
        }

        try
        {
            switch (request.Action)
            {
                case PriceSocketAction.Ping:
                    await ReplyAsync(PongMessage.To(request.Id));
                    break;
                case PriceSocketAction.Subscribe:
                    await SubscribeAsync(request);
                    break;
                default:
                    await UnsubscribeAsync(request);
                    break;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !IsClosing)
        {
            // A bug while handling one message: like a 500, that request fails and the connection goes on.
            LogHandlingFailed(logger, exception, request.Action);
            await ReplyAsync(ErrorMessage.Of(request.Id, PriceSocketErrors.InternalError));
        }
    }

    /// <summary>
    /// Follows the coins (all or nothing against the connection's limit), answers <c>subscribed</c>, then one
    /// <c>price</c> per coin — or an <c>error</c> for a coin no provider knows (which is not kept) or whose price is
    /// unavailable (which is kept: its price follows when there is one).
    /// </summary>
    private async Task SubscribeAsync(PriceSocketRequest request)
    {
        var keys = request.Coins.Select(c => new PriceKey(c, request.Vs)).ToList();
        var followed = subscription.Keys;
        var wanted = followed.Count + keys.Count(k => !followed.Contains(k));
        if (wanted > options.MaxSubscriptionsPerConnection)
        {
            await ReplyAsync(ErrorMessage.Of(
                request.Id, PriceSocketErrors.SubscriptionLimit(options.MaxSubscriptionsPerConnection, followed.Count, wanted)));
            return;
        }

        // Followed before the prices are read, so that no update published meanwhile is missed.
        var added = subscription.Add(keys);
        IReadOnlyDictionary<string, PriceOutcome> outcomes;
        try
        {
            outcomes = await market.GetPricesAsync(request.Coins, request.Vs, SnapshotWait, closing.Token);
        }
        catch (Exception)
        {
            subscription.Remove(added);
            throw;
        }

        var answer = Classify(request.Id, request.Coins, request.Vs, outcomes, lateAllowed: true);
        if (answer.Dropped.Count > 0)
        {
            subscription.Remove(answer.Dropped);
        }

        var kept = request.Coins.Where(c => !answer.Dropped.Contains(new PriceKey(c, request.Vs))).ToList();
        await EnqueueAsync(new Outgoing(
            SubscriptionMessage.Subscribed(request.Id, kept, request.Vs),
            [.. kept.Select(c => new PriceKey(c, request.Vs))],
            answer.Dropped,
            answer.Errors,
            answer.Prices));
        if (answer.Late.Count > 0)
        {
            lock (lateFetches)
            {
                lateFetches.RemoveAll(t => t.IsCompleted);
                lateFetches.Add(FetchLateAsync(request.Id, answer.Late, request.Vs));
            }
        }
    }

    private async Task UnsubscribeAsync(PriceSocketRequest request)
    {
        var keys = request.Coins.Select(c => new PriceKey(c, request.Vs)).ToList();
        subscription.Remove(keys);
        await EnqueueAsync(new Outgoing(SubscriptionMessage.Unsubscribed(request.Id, request.Coins, request.Vs), [], keys, [], []));
    }

    /// <summary>The prices a subscribe could not wait for, sent when they come (or the reason they did not).</summary>
    private async Task FetchLateAsync(string? id, IReadOnlyList<string> coins, string vs)
    {
        try
        {
            var outcomes = await market.GetPricesAsync(coins, vs, LateWait, closing.Token);
            var answer = Classify(id, coins, vs, outcomes, lateAllowed: false);
            if (answer.Dropped.Count > 0)
            {
                subscription.Remove(answer.Dropped);
            }

            await outbox.Writer.WriteAsync(new Outgoing(null, [], answer.Dropped, answer.Errors, answer.Prices), closing.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            // The socket is closing.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogHandlingFailed(logger, exception, PriceSocketAction.Subscribe);
        }
    }

    /// <summary>Splits a market answer into prices, coins to drop (unknown) with their errors, and coins still to wait for.</summary>
    private static Answer Classify(string? id, IReadOnlyList<string> coins, string vs, IReadOnlyDictionary<string, PriceOutcome> outcomes, bool lateAllowed)
    {
        var answer = new Answer([], [], [], []);
        foreach (var coin in coins)
        {
            var outcome = outcomes.TryGetValue(coin, out var found) ? found : PriceOutcome.Failed(coin, PriceFailure.TimedOut);
            if (outcome.Price is { } price)
            {
                answer.Prices.Add(price);
            }
            else if (outcome.Failure == PriceFailure.UnknownCoin)
            {
                answer.Dropped.Add(new PriceKey(coin, vs));
                answer.Errors.Add(new CoinError(new PriceKey(coin, vs), ErrorMessage.Of(id, PriceSocketError.From(PriceErrors.UnknownCoin), coin)));
            }
            else if (outcome.Failure == PriceFailure.TimedOut && lateAllowed)
            {
                answer.Late.Add(coin);
            }
            else
            {
                var error = PriceSocketError.From(PriceErrors.Of(outcome.Failure ?? PriceFailure.Unavailable));
                answer.Errors.Add(new CoinError(new PriceKey(coin, vs), ErrorMessage.Of(id, error, coin)));
            }
        }

        return answer;
    }

    private ValueTask ReplyAsync(object message) => EnqueueAsync(new Outgoing(message, [], [], [], []));

    /// <summary>
    /// Queues work for the writer. When the queue is full the client's requests wait for room (so a client that
    /// sends fast is slowed down, not refused); when there is none for <see cref="PriceSocketOptions.FloodGrace"/>, the
    /// client sends without reading and the socket is closed with 1008.
    /// </summary>
    private async ValueTask EnqueueAsync(Outgoing item)
    {
        if (outbox.Writer.TryWrite(item))
        {
            return;
        }

        using var grace = CancellationTokenSource.CreateLinkedTokenSource(closing.Token);
        grace.CancelAfter(options.FloodGrace);
        try
        {
            await outbox.Writer.WriteAsync(item, grace.Token);
        }
        catch (OperationCanceledException) when (!IsClosing)
        {
            LogFlooding(logger, OutboxCapacity);
            RequestClose(WebSocketCloseStatus.PolicyViolation, "Too many messages unanswered: the client sends without reading.");
            throw;
        }
    }

    private async Task WriteLoopAsync()
    {
        Task<bool>? outboxReady = null;
        Task<bool>? ticksReady = null;
        var ticksOpen = true;
        try
        {
            while (!IsClosing)
            {
                if (outbox.Reader.TryRead(out var item))
                {
                    await SendAsync(item);
                    continue;
                }

                if (ticksOpen && subscription.Ticks.TryRead(out var tick))
                {
                    await SendTickAsync(tick);
                    continue;
                }

                outboxReady ??= outbox.Reader.WaitToReadAsync(closing.Token).AsTask();
                if (ticksOpen)
                {
                    ticksReady ??= subscription.Ticks.WaitToReadAsync(closing.Token).AsTask();
                }

                var ready = ticksReady is null ? outboxReady : await Task.WhenAny(outboxReady, ticksReady);
                bool more;
                try
                {
                    more = await ready;
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (ready == outboxReady)
                {
                    outboxReady = null;
                }
                else
                {
                    ticksReady = null;

                    // The feed ended (the server is stopping): replies still go out until the socket closes.
                    ticksOpen = more;
                }
            }

            // The replies already queued go out, then the close frame.
            while (outbox.Reader.TryRead(out var item))
            {
                await SendAsync(item);
            }

            CloseRequest close;
            lock (gate)
            {
                close = closeRequest ?? new CloseRequest(WebSocketCloseStatus.NormalClosure, null);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(options.CloseTimeout, clock);
                await socket.CloseOutputAsync(close.Status, close.Description, timeout.Token);
                closedWith = close.Status;
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone, or the client took nothing for the keep-alive timeout (the send was cancelled,
            // which aborts the socket).
            LogSendFailed(logger, exception.Message);
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, exception);
            RequestClose(WebSocketCloseStatus.InternalServerError, "The server failed; reconnect.");
            socket.Abort();
        }
    }

    private async Task SendAsync(Outgoing item)
    {
        var errors = item.Reply is null ? [.. item.Errors.Where(e => live.ContainsKey(e.Key))] : item.Errors;
        foreach (var key in item.Stop)
        {
            live.Remove(key);
            early.Remove(key);
        }

        if (item.Reply is { } reply)
        {
            await SendMessageAsync(reply);
        }

        foreach (var key in item.Start)
        {
            live.TryAdd(key, null);
        }

        foreach (var error in errors)
        {
            await SendMessageAsync(error.Message);
        }

        foreach (var price in item.Prices)
        {
            var key = new PriceKey(price.CoinId, price.Vs);
            if (live.TryGetValue(key, out var last))
            {
                // Asked for now: the client gets this coin's price, the newest known (a pushed one may be newer).
                await SendPriceAsync(key, Newest(Newest(price, last), early.GetValueOrDefault(key)));
            }
        }

        // Coins that had no current price yet may have had an update meanwhile.
        foreach (var key in item.Start)
        {
            if (early.TryGetValue(key, out var update) && live.TryGetValue(key, out var last) && (last is null || update.FetchedAt > last.FetchedAt))
            {
                await SendPriceAsync(key, update);
            }

            early.Remove(key);
        }
    }

    /// <summary>A published update: each price the client follows and has not seen yet.</summary>
    private async Task SendTickAsync(PriceTick tick)
    {
        foreach (var price in tick.Prices)
        {
            var key = new PriceKey(price.CoinId, price.Vs);
            if (live.TryGetValue(key, out var last))
            {
                if (last is null || price.FetchedAt > last.FetchedAt)
                {
                    await SendPriceAsync(key, price);
                }
            }
            else if (subscription.Keys.Contains(key))
            {
                // Followed, but the client has not been told yet: kept for the answer to its subscribe.
                early[key] = Newest(price, early.GetValueOrDefault(key));
            }
        }
    }

    private static MarketPrice Newest(MarketPrice price, MarketPrice? other) =>
        other is not null && other.FetchedAt > price.FetchedAt ? other : price;

    private Task SendPriceAsync(PriceKey key, MarketPrice price)
    {
        live[key] = price;
        var stale = price.Stale || clock.GetUtcNow() - price.FetchedAt >= market.FreshFor;
        return SendMessageAsync(PriceMessage.Of(PriceDto.From(price with { Stale = stale })));
    }

    /// <summary>One text message; a client that takes none of it for the keep-alive timeout is dropped.</summary>
    private async Task SendMessageAsync(object message)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), json);
        using var timeout = new CancellationTokenSource(options.KeepAliveTimeout, clock);
        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Price socket opened")]
    private static partial void LogOpened(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Price socket closed with {Status}")]
    private static partial void LogClosed(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Price socket dropped without a close frame (connection lost, dead or not reading)")]
    private static partial void LogDropped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Price socket: the closing handshake took over {Seconds} s; connection dropped")]
    private static partial void LogCloseTimedOut(ILogger logger, int seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Price socket: sending failed ({Reason}); connection dropped")]
    private static partial void LogSendFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Price socket closed with 1008: the client kept sending while reading nothing ({Capacity} replies waiting)")]
    private static partial void LogFlooding(ILogger logger, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Price socket closed with 1009: a client message grew past {Bytes} bytes")]
    private static partial void LogOverflow(ILogger logger, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Price socket: handling a {Action} message failed")]
    private static partial void LogHandlingFailed(ILogger logger, Exception exception, PriceSocketAction action);

    [LoggerMessage(Level = LogLevel.Error, Message = "Price socket: the writer failed; connection closed with 1011")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    private enum Received
    {
        Text,
        Binary,
        TooLarge,
        Overflow,
        Close,
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string? Description);

    /// <summary>
    /// Work for the writer, done in this order: stop following <see cref="Stop"/>, send <see cref="Reply"/>, start
    /// following <see cref="Start"/>, send <see cref="Errors"/>, then <see cref="Prices"/> of coins followed. Without a
    /// reply it is the late part of a subscribe's answer, which concerns only the coins still followed.
    /// </summary>
    private sealed record Outgoing(
        object? Reply,
        IReadOnlyList<PriceKey> Start,
        IReadOnlyList<PriceKey> Stop,
        IReadOnlyList<CoinError> Errors,
        IReadOnlyList<MarketPrice> Prices);

    private sealed record Answer(List<MarketPrice> Prices, List<PriceKey> Dropped, List<CoinError> Errors, List<string> Late);

    /// <summary>An error about one followed price.</summary>
    private sealed record CoinError(PriceKey Key, ErrorMessage Message);
}

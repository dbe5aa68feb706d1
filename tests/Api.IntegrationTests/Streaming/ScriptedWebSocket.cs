using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>
/// A server-side WebSocket whose client the test plays: frames are fed in with <c>Feed</c>, and sends block
/// while <see cref="Reading"/> is false (a client that reads nothing) — until it reads again, or the send is
/// cancelled, which aborts the socket as a real one does.
/// </summary>
internal sealed class ScriptedWebSocket : WebSocket
{
    private readonly Channel<Frame> incoming = Channel.CreateUnbounded<Frame>();
    private readonly List<string> sent = [];
    private readonly CancellationTokenSource aborted = new();
    private readonly Lock gate = new();
    private TaskCompletionSource reading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Frame? partial;
    private int partialOffset;
    private WebSocketState state = WebSocketState.Open;

    public ScriptedWebSocket(bool reading)
    {
        if (reading)
        {
            this.reading.SetResult();
        }
    }

    /// <summary>Whether the client takes what is sent to it.</summary>
    public bool Reading
    {
        set
        {
            lock (gate)
            {
                if (value)
                {
                    reading.TrySetResult();
                }
                else if (reading.Task.IsCompleted)
                {
                    reading = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }

    /// <summary>The text messages the server sent, in order.</summary>
    public IReadOnlyList<string> Sent
    {
        get
        {
            lock (gate)
            {
                return [.. sent];
            }
        }
    }

    /// <summary>The close status the server sent (null until it sends its close frame).</summary>
    public WebSocketCloseStatus? SentClose { get; private set; }

    public bool Aborted => aborted.IsCancellationRequested;

    public override WebSocketCloseStatus? CloseStatus => SentClose;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => state;

    public override string? SubProtocol => null;

    /// <summary>The client sends a frame.</summary>
    public void Feed(string text, bool endOfMessage = true) => Feed(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage);

    public void Feed(byte[] data, WebSocketMessageType type, bool endOfMessage) => incoming.Writer.TryWrite(new Frame(data, type, endOfMessage));

    /// <summary>The client sends its close frame.</summary>
    public void FeedClose() => incoming.Writer.TryWrite(new Frame([], WebSocketMessageType.Close, true));

    public override void Abort()
    {
        state = WebSocketState.Aborted;
        aborted.Cancel();
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The price socket closes with CloseOutputAsync.");

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        await WaitUntilReadingAsync(cancellationToken);
        SentClose = closeStatus;
        state = state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
    }

    public override void Dispose() => aborted.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        if (partial is null)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, aborted.Token);
            try
            {
                partial = await incoming.Reader.ReadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
            }

            partialOffset = 0;
            if (partial.Type == WebSocketMessageType.Close)
            {
                partial = null;
                state = state == WebSocketState.CloseSent ? WebSocketState.Closed : WebSocketState.CloseReceived;
                return new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, WebSocketCloseStatus.NormalClosure, null);
            }
        }

        var frame = partial;
        var count = Math.Min(buffer.Count, frame.Data.Length - partialOffset);
        frame.Data.AsSpan(partialOffset, count).CopyTo(buffer.AsSpan());
        partialOffset += count;
        var done = partialOffset == frame.Data.Length;
        if (done)
        {
            partial = null;
        }

        return new WebSocketReceiveResult(count, frame.Type, done && frame.EndOfMessage);
    }

    public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        try
        {
            await WaitUntilReadingAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Like the real socket: a cancelled send aborts the connection.
            Abort();
            throw;
        }

        lock (gate)
        {
            sent.Add(Encoding.UTF8.GetString(buffer));
        }
    }

    private async Task WaitUntilReadingAsync(CancellationToken cancellationToken)
    {
        Task wait;
        lock (gate)
        {
            wait = reading.Task;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, aborted.Token);
        await wait.WaitAsync(linked.Token);
    }

    private sealed record Frame(byte[] Data, WebSocketMessageType Type, bool EndOfMessage);
}

using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>A WebSocket client of the price socket that reads each message as a JSON object.</summary>
public sealed class PriceSocketClient : IAsyncDisposable
{
    /// <summary>How long a test waits for a message it expects before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private PriceSocketClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <summary>Connects, with the token in an <c>Authorization</c> header when given.</summary>
    public static async Task<PriceSocketClient> ConnectAsync(Uri uri, string? bearer = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {bearer}");
        }

        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new PriceSocketClient(socket);
    }

    /// <summary>Tries to connect and answers the HTTP status and headers of the refused upgrade.</summary>
    public static async Task<(int Status, IReadOnlyDictionary<string, IEnumerable<string>> Headers)> RefusedAsync(Uri uri, string? bearer = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {bearer}");
        }

        using var timeout = new CancellationTokenSource(Patience);
        await Should.ThrowAsync<WebSocketException>(() => socket.ConnectAsync(uri, timeout.Token));
        return ((int)socket.HttpStatusCode, socket.HttpResponseHeaders ?? new Dictionary<string, IEnumerable<string>>());
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message, Json));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    public async Task SendFrameAsync(byte[] bytes, WebSocketMessageType type, bool endOfMessage)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await Socket.SendAsync(bytes, type, endOfMessage, timeout.Token);
    }

    /// <summary>The next message (a JSON object); fails the test when none comes in time or the server closes.</summary>
    public async Task<JsonObject> ReceiveAsync()
    {
        var (type, text) = await ReceiveRawAsync();
        type.ShouldBe(WebSocketMessageType.Text, $"expected a message but the socket was closed ({Socket.CloseStatus} {Socket.CloseStatusDescription})");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The next message, which must be of that type.</summary>
    public async Task<JsonObject> ExpectAsync(string type)
    {
        var message = await ReceiveAsync();
        message["type"]!.GetValue<string>().ShouldBe(type, message.ToJsonString());
        return message;
    }

    /// <summary>Sends a ping and expects the very next message to be its pong.</summary>
    public async Task PingAsync(string id)
    {
        await SendAsync(new { action = "ping", id });
        var pong = await ExpectAsync("pong");
        pong["id"]!.GetValue<string>().ShouldBe(id);
    }

    /// <summary>Reads until the server's close frame and answers its status (messages before it are skipped).</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description)> ReceiveCloseAsync()
    {
        while (true)
        {
            var (type, _) = await ReceiveRawAsync();
            if (type == WebSocketMessageType.Close)
            {
                return (Socket.CloseStatus, Socket.CloseStatusDescription);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The server went away first.
            }
        }

        Socket.Dispose();
    }

    private async Task<(WebSocketMessageType Type, string Text)> ReceiveRawAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await Socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new ShouldAssertException($"No message within {Patience.TotalSeconds} s.");
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, string.Empty);
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, Encoding.UTF8.GetString(message.ToArray()));
            }
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Shutdown;

/// <summary>
/// What became of one request sent to a process being stopped: a status (with the new transaction's id and whether it
/// was a replay), or the connection error — <see cref="SocketError.ConnectionRefused"/> when it never reached the
/// server, another error (a reset, a response that ended early, <see cref="SocketError.TimedOut"/>) when it got no
/// response.
/// </summary>
internal sealed record RequestOutcome(int? Status, Guid? TransactionId, SocketError? Error, bool Replayed, string Detail)
{
    public bool Refused => Error == SocketError.ConnectionRefused;

    /// <summary>For a request without a response: how it failed, e.g. <c>ConnectionReset</c> or <c>ResponseEnded</c>.</summary>
    public string? Failure { get; init; }

    public override string ToString() =>
        Status is { } status ? $"{status}{(Replayed ? " replayed" : string.Empty)} {Detail}" : $"{Error}: {Detail}";
}

/// <summary>The client side of the shutdown tests: requests whose fate is recorded, WebSockets and their close.</summary>
internal static class ShutdownClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A POST with a JSON body, a bearer token and the Idempotency-Key <paramref name="key"/>.</summary>
    public static HttpRequestMessage Post(TestUser user, string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    public static HttpRequestMessage Get(TestUser user, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return request;
    }

    /// <summary>Sends <paramref name="request"/> and records what became of it; never throws for a connection failure.</summary>
    public static async Task<RequestOutcome> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Guid? id = response.StatusCode == HttpStatusCode.Created ? Guid.Parse(JsonNode.Parse(body)!["id"]!.GetValue<string>()) : null;
            return new RequestOutcome(
                (int)response.StatusCode, id, null, response.Headers.Contains("Idempotent-Replayed"), body.Length > 300 ? body[..300] : body);
        }
        catch (HttpRequestException exception)
        {
            var socket = Causes(exception).OfType<SocketException>().FirstOrDefault();
            return new RequestOutcome(null, null, socket?.SocketErrorCode ?? SocketError.SocketError, false, $"{exception.HttpRequestError}: {exception.Message} {exception.InnerException?.Message}")
            {
                Failure = socket is null ? exception.HttpRequestError.ToString() : socket.SocketErrorCode.ToString(),
            };
        }
        catch (TaskCanceledException exception)
        {
            return new RequestOutcome(null, null, SocketError.TimedOut, false, exception.Message) { Failure = "timeout" };
        }
    }

    public static async Task<ClientWebSocket> ConnectSocketAsync(ApiProcess api, TestUser user)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {user.AccessToken}");
        var uri = new UriBuilder(api.BaseAddress) { Scheme = "ws", Path = "/api/v1/stream/ws" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(uri, timeout.Token);
        return socket;
    }

    /// <summary>Reads (and discards) messages until the server's close frame; answers its status.</summary>
    public static async Task<WebSocketCloseStatus?> ReceiveCloseAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellation.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result.CloseStatus;
            }
        }
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var cause = exception.InnerException; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }
}

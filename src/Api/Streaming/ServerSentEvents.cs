using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace PortfolioTracker.Api.Streaming;

/// <summary>
/// Writes a <c>text/event-stream</c> response: unbuffered and uncompressed, a <c>retry:</c> hint first, then events
/// (<c>id:</c>, <c>event:</c>, one <c>data:</c> line of JSON in the API's conventions) and <c>: heartbeat</c> comments
/// whenever nothing else was written for <see cref="ServerSentEventsOptions.HeartbeatSeconds"/>. The stream ends when the source ends, the
/// client leaves (noticed through <c>RequestAborted</c>) or the server shuts down.
/// </summary>
internal sealed class ServerSentEvents
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    private readonly HttpResponse response;
    private readonly JsonSerializerOptions json;
    private readonly TimeSpan heartbeatEvery;

    private ServerSentEvents(HttpResponse response, JsonSerializerOptions json, TimeSpan heartbeatEvery)
    {
        this.response = response;
        this.json = json;
        this.heartbeatEvery = heartbeatEvery;
    }

    /// <summary>Sends the headers and the <c>retry:</c> hint.</summary>
    public static async Task<ServerSentEvents> StartAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var options = context.RequestServices.GetRequiredService<IOptions<ServerSentEventsOptions>>().Value;
        var events = new ServerSentEvents(response, json, TimeSpan.FromSeconds(Math.Max(1, options.HeartbeatSeconds)));
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"retry: {Math.Max(0, options.RetryMilliseconds)}\n\n"), context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
        return events;
    }

    /// <summary>One event; without an id the client's last event id stays as it was.</summary>
    public async Task WriteAsync<T>(string name, long? id, T data, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder(256);
        if (id is { } value)
        {
            builder.Append("id: ").Append(value).Append('\n');
        }

        builder.Append("event: ").Append(name).Append('\n');
        builder.Append("data: ").Append(JsonSerializer.Serialize(data, json)).Append("\n\n");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()), cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => response.Body.FlushAsync(cancellationToken);

    /// <summary>
    /// Writes every item of <paramref name="source"/> with <paramref name="write"/> (flushing after each), and a heartbeat
    /// whenever the source is silent for the heartbeat interval. Returns quietly when the client leaves or the
    /// server stops.
    /// </summary>
    public async Task PumpAsync<T>(IAsyncEnumerable<T> source, Func<T, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(write);
        var items = source.GetAsyncEnumerator(cancellationToken);
        Task<bool>? next = null;
        try
        {
            next = items.MoveNextAsync().AsTask();
            while (true)
            {
                using (var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    var beat = Task.Delay(heartbeatEvery, silence.Token);
                    if (await Task.WhenAny(next, beat) == beat)
                    {
                        await beat;
                        await response.Body.WriteAsync(Heartbeat, cancellationToken);
                        await response.Body.FlushAsync(cancellationToken);
                        continue;
                    }

                    await silence.CancelAsync();
                }

                if (!await next)
                {
                    return;
                }

                await write(items.Current, cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                next = items.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the server is stopping: the response simply ends.
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection went away mid-write.
        }
        finally
        {
            // The source sees the same token; let its pending step finish before it is disposed.
            if (next is { IsCompleted: false })
            {
                await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            await items.DisposeAsync();
        }
    }
}

/// <summary>Settings of server-sent event streams (section <c>Streaming</c>).</summary>
public sealed class ServerSentEventsOptions
{
    public const string SectionName = "Streaming";

    /// <summary>A <c>: heartbeat</c> comment after this many seconds without an event (default 15).</summary>
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>The reconnection delay clients are told with <c>retry:</c> (default 3,000 ms).</summary>
    public int RetryMilliseconds { get; set; } = 3_000;
}

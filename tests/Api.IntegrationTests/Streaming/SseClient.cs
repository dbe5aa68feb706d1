using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>One server-sent event as a client sees it (comments are kept apart).</summary>
public sealed record SseEvent(string? Id, string? Event, string Data, int? Retry)
{
    public JsonNode Json => JsonNode.Parse(Data)!;
}

/// <summary>Reads a <c>text/event-stream</c> response the way EventSource does: blank lines end events.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        this.response = response;
        reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => response;

    /// <summary>Comment lines (without the colon), in order.</summary>
    public List<string> Comments { get; } = [];

    /// <summary>The <c>retry:</c> hints seen.</summary>
    public List<int> RetryHints { get; } = [];

    /// <summary>Opens the stream; the response headers are read, the body is not.</summary>
    public static async Task<SseReader> OpenAsync(HttpClient client, string url, string? token, string? lastEventId = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return new SseReader(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>The next event (data events only; comments and retry hints are recorded); null at the end of the stream.</summary>
    public async Task<SseEvent?> NextAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        string? id = null, name = null;
        int? retry = null;
        var data = new StringBuilder();
        var any = false;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellation.Token);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (any && data.Length > 0)
                {
                    return new SseEvent(id, name, data.ToString(), retry);
                }

                any = false;
                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments.Add(line[1..].Trim());
                continue;
            }

            any = true;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    data.Append(data.Length > 0 ? "\n" : string.Empty).Append(value);
                    break;
                case "retry":
                    retry = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    RetryHints.Add(retry.Value);
                    break;
            }
        }
    }

    /// <summary>Every event until the server ends the stream.</summary>
    public async Task<List<SseEvent>> ReadToEndAsync(TimeSpan timeout)
    {
        var events = new List<SseEvent>();
        var deadline = DateTime.UtcNow + timeout;
        while (await NextAsync(deadline - DateTime.UtcNow) is { } next)
        {
            events.Add(next);
        }

        return events;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}

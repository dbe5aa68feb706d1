using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Providers;

/// <summary>
/// A fake market-data provider: a real Kestrel server on 127.0.0.1 (port chosen by the OS) answering from a script.
/// Each request takes the next scripted responder, or <see cref="Otherwise"/> once the script is used up; every
/// request is recorded (path, query, headers, arrival time) when it arrives, before any scripted delay.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();
    private readonly ConcurrentQueue<ReceivedRequest> received = new();

    private FakeUpstream(WebApplication app) => this.app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>What answers once the script is used up (default: 404).</summary>
    public Func<HttpContext, Task> Otherwise { get; set; } = Status(404);

    public IReadOnlyList<ReceivedRequest> Requests => [.. received];

    public int RequestCount => received.Count;

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUri = new Uri(app.Urls.Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return fake;
    }

    /// <summary>An absolute URL on the fake (e.g. <c>api/v3</c> for a base URL with a path).</summary>
    public string Url(string path = "") => new Uri(BaseUri, path).ToString();

    /// <summary>Appends responders for the next requests, in order.</summary>
    public void Then(params Func<HttpContext, Task>[] responders)
    {
        foreach (var responder in responders)
        {
            script.Enqueue(responder);
        }
    }

    public static Func<HttpContext, Task> Json(string body, int status = 200) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    public static Func<HttpContext, Task> Status(int status, string? retryAfter = null, string body = "") => async context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body, context.RequestAborted);
        }
    };

    /// <summary>Waits (unless the client goes away first), then answers.</summary>
    public static Func<HttpContext, Task> Delayed(TimeSpan delay, Func<HttpContext, Task> then) => async context =>
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await then(context);
    };

    /// <summary>Drops the connection without an answer.</summary>
    public static Func<HttpContext, Task> Reset() => context =>
    {
        context.Abort();
        return Task.CompletedTask;
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        received.Enqueue(new ReceivedRequest(
            context.Request.Path.Value ?? string.Empty,
            Uri.UnescapeDataString(context.Request.QueryString.Value ?? string.Empty),
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Stopwatch.GetTimestamp()));
        var responder = script.TryDequeue(out var next) ? next : Otherwise;
        await responder(context);
    }
}

/// <summary>One request the fake received.</summary>
/// <param name="Path">The path (<c>/api/v3/simple/price</c>).</param>
/// <param name="Query">The query string, URL-decoded (<c>?ids=bitcoin&amp;…</c>).</param>
/// <param name="QueryValues">The query parameters, decoded.</param>
/// <param name="Headers">The request headers.</param>
/// <param name="Timestamp">When it arrived (<see cref="Stopwatch.GetTimestamp"/>).</param>
public sealed record ReceivedRequest(
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> QueryValues,
    IReadOnlyDictionary<string, string> Headers,
    long Timestamp);

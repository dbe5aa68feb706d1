using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly;
using Polly.CircuitBreaker;

namespace PortfolioTracker.Infrastructure.Prices.Http;

/// <summary>
/// Runs every request of a provider's HttpClient through that provider's <see cref="ProviderResilience"/>:
/// total timeout → retry (backoff with jitter, Retry-After) → request budget (token bucket; refused at once while the
/// circuit is open) → circuit breaker → attempt timeout → the actual send, whose whole body is read within the attempt.
/// <para>
/// The call either returns the last answer (successful or not: the caller looks at the status) or throws:
/// <see cref="HttpRequestException"/> (transport), <see cref="Polly.Timeout.TimeoutRejectedException"/> (attempt or
/// total timeout), <see cref="BrokenCircuitException"/> (circuit open) or <see cref="RateLimitRejectedException"/>
/// (our budget is spent). The handler itself is created per handler lifetime by IHttpClientFactory; the state lives in
/// the shared <see cref="ProviderResilience"/>.
/// </para>
/// </summary>
internal sealed class ResilienceHandler(ProviderResilience resilience) : DelegatingHandler
{
    /// <summary>The largest body an answer may have (market charts of a year are a few hundred KB).</summary>
    public const long MaxResponseBytes = 16 * 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            resilience.BeginCall(context, cancellationToken);
            return await resilience.Pipeline.ExecuteAsync(
                static (attemptContext, state) => state.Handler.SendAttemptAsync(state.Request, attemptContext),
                context,
                (Handler: this, Request: request));
        }
        catch (BrokenCircuitException)
        {
            resilience.Counters.CircuitRejected();
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Whether the body is one complete JSON value (syntax only: its shape is the parser's business).</summary>
    internal static bool IsWellFormedJson(ReadOnlySpan<byte> body)
    {
        body = SkipBom(body);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> body) => body.StartsWith("\uFEFF"u8) ? body[3..] : body;

    /// <summary>Synchronous sends would bypass the pipeline: not supported.</summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Price provider clients are asynchronous only (the resilience pipeline is).");

    private async ValueTask<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, ResilienceContext context)
    {
        var cancellationToken = context.CancellationToken;
        var counters = resilience.Counters;
        counters.RequestSent();
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, cancellationToken);

            // Read the body here, so a slow or broken body counts against the attempt (and is retried). A successful
            // answer whose body is not JSON at all (truncated, an HTML error page, empty), or JSON of a shape the
            // request's parser does not expect (ProviderHttp.GetAsync<T>), is broken too: a failure for the breaker
            // and the counters, not a success refused later.
            await response.Content.LoadIntoBufferAsync(MaxResponseBytes, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (!IsWellFormedJson(body))
                {
                    throw new HttpRequestException(string.Create(
                        CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} with a body that is not well-formed JSON"));
                }

                try
                {
                    ProviderHttp.ParseInAttempt(request, SkipBom(body));
                }
                catch (UnexpectedShapeException exception)
                {
                    throw new HttpRequestException(string.Create(
                        CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} with an answer of an unexpected shape: {exception.Message}"), exception);
                }
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException
            || (exception is OperationCanceledException && !ProviderResilience.CallerToken(context).IsCancellationRequested))
        {
            response?.Dispose();
            var timedOut = exception is OperationCanceledException;
            counters.Failed(timedOut ? "attempt timed out" : exception.Message, resilience.Clock.GetUtcNow());
            if (exception is IOException)
            {
                throw new HttpRequestException($"Reading the answer failed: {exception.Message}", exception);
            }

            throw;
        }

        if (ProviderResilience.IsTransient(response.StatusCode))
        {
            var status = (int)response.StatusCode;
            counters.Failed(
                string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}"),
                resilience.Clock.GetUtcNow(),
                response.StatusCode == HttpStatusCode.TooManyRequests);
        }

        return response;
    }
}

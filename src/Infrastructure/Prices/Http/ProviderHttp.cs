using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Infrastructure.Prices.Http;

/// <summary>
/// What the HTTP providers share: sending through the resilient client and turning every way it can fail into
/// <see cref="PriceSourceUnavailableException"/>, and reading JSON as decimals (never through <see cref="double"/>).
/// </summary>
internal static class ProviderHttp
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>
    /// GET <paramref name="relativeUri"/> (relative to the client's base address). Returns the final answer whatever
    /// its status; throws <see cref="PriceSourceUnavailableException"/> when there is none (transport error, timeout,
    /// open circuit, spent budget).
    /// </summary>
    public static Task<HttpResponseMessage> GetAsync(HttpClient http, string provider, string relativeUri, CancellationToken cancellationToken) =>
        SendAsync(http, provider, relativeUri, null, cancellationToken);

    /// <summary>
    /// As <see cref="GetAsync(HttpClient, string, string, CancellationToken)"/>, with the parser of a successful answer:
    /// the resilience pipeline runs it inside each attempt, so an answer of an unexpected shape is a failed attempt
    /// (retried, counted by the breaker) rather than a success refused later. <see cref="ParsedAsync{T}"/> gives the value.
    /// </summary>
    public static Task<HttpResponseMessage> GetAsync<T>(
        HttpClient http, string provider, string relativeUri, Func<JsonElement, T> parse, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        return SendAsync(http, provider, relativeUri, root => parse(root), cancellationToken);
    }

    /// <summary>
    /// The value the parser given to <see cref="GetAsync{T}"/> made of a successful answer: the one made inside the
    /// attempt, or (a client without the resilience handler) made now; an unexpected shape becomes
    /// <see cref="PriceSourceUnavailableException"/>.
    /// </summary>
    public static async Task<T> ParsedAsync<T>(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(response);
        var options = response.RequestMessage?.Options
            ?? throw new InvalidOperationException("The answer has no request.");
        if (options.TryGetValue(ParsedKey, out var parsed))
        {
            return (T)parsed;
        }

        if (!options.TryGetValue(ParserKey, out var parse))
        {
            throw new InvalidOperationException("The request was sent without a parser.");
        }

        using var document = await ReadJsonAsync(response, provider, cancellationToken);
        return (T)Parse(provider, document, parse);
    }

    /// <summary>Where a request carries its parser (<see cref="GetAsync{T}"/>).</summary>
    internal static readonly HttpRequestOptionsKey<Func<JsonElement, object>> ParserKey = new("PortfolioTracker.Prices.Parser");

    /// <summary>Where the resilience handler leaves the parsed value of the successful attempt.</summary>
    internal static readonly HttpRequestOptionsKey<object> ParsedKey = new("PortfolioTracker.Prices.Parsed");

    /// <summary>
    /// Parses a successful answer's body with the request's parser, if it has one, and keeps the value on the request;
    /// throws <see cref="UnexpectedShapeException"/> when the body is not what the parser expects.
    /// </summary>
    internal static void ParseInAttempt(HttpRequestMessage request, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Options.TryGetValue(ParserKey, out var parse))
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
            using var document = JsonDocument.ParseValue(ref reader);
            request.Options.Set(ParsedKey, parse(document.RootElement));
        }
        catch (Exception exception) when (IsShapeFailure(exception) || exception is JsonException)
        {
            throw new UnexpectedShapeException(exception.Message, exception);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, string provider, string relativeUri, Func<JsonElement, object>? parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            // Not disposed here: the answer keeps it (RequestMessage), with the parsed value in its options.
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(relativeUri, UriKind.Relative));
            if (parse is not null)
            {
                request.Options.Set(ParserKey, parse);
            }

            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (BrokenCircuitException exception)
        {
            throw new PriceSourceUnavailableException($"{provider}: circuit open after repeated failures; not calling it for now.", exception);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new PriceSourceUnavailableException($"{provider}: timed out ({exception.Message}).", exception);
        }
        catch (RateLimitRejectedException exception)
        {
            throw new PriceSourceUnavailableException($"{provider}: request budget exhausted ({exception.Message}).", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new PriceSourceUnavailableException($"{provider}: request failed ({exception.Message}).", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PriceSourceUnavailableException($"{provider}: timed out ({exception.Message}).", exception);
        }
    }

    /// <summary>The exception for an answer that is not a success, with the status (and Retry-After) in the message.</summary>
    public static PriceSourceUnavailableException Unsuccessful(string provider, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var reason = response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => "rate limited",
            >= HttpStatusCode.InternalServerError => "failing",
            _ => "refused the request",
        };
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => string.Create(CultureInfo.InvariantCulture, $"; Retry-After {delta.TotalSeconds:0} s"),
            { Date: { } date } => string.Create(CultureInfo.InvariantCulture, $"; Retry-After {date:O}"),
            _ => string.Empty,
        };
        return new PriceSourceUnavailableException(
            string.Create(CultureInfo.InvariantCulture, $"{provider}: {reason} (HTTP {status} {response.ReasonPhrase}{retryAfter})."));
    }

    /// <summary>Parses the (buffered) body; malformed JSON becomes <see cref="PriceSourceUnavailableException"/>.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(body, DocumentOptions, cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new PriceSourceUnavailableException($"{provider}: malformed JSON ({exception.Message}).", exception);
        }
        catch (IOException exception)
        {
            throw new PriceSourceUnavailableException($"{provider}: reading the answer failed ({exception.Message}).", exception);
        }
    }

    /// <summary>Runs a parser over a document; a shape the parser did not expect becomes <see cref="PriceSourceUnavailableException"/>.</summary>
    public static T Parse<T>(string provider, JsonDocument document, Func<JsonElement, T> parse)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            return parse(document.RootElement);
        }
        catch (Exception exception) when (IsShapeFailure(exception))
        {
            throw new PriceSourceUnavailableException($"{provider}: unexpected answer ({exception.Message}).", exception);
        }
    }

    /// <summary>What a parser throws when an answer is not shaped as it expects.</summary>
    private static bool IsShapeFailure(Exception exception) =>
        exception is UnexpectedShapeException or InvalidOperationException or FormatException or KeyNotFoundException or OverflowException;

    /// <summary>Throws <see cref="UnexpectedShapeException"/> unless the element has the expected kind.</summary>
    public static JsonElement Expect(JsonElement element, JsonValueKind kind, string what) =>
        element.ValueKind == kind ? element : throw new UnexpectedShapeException($"{what} is {element.ValueKind}, expected {kind}");

    /// <summary>A required decimal: a JSON number, or a string holding one (Binance sends prices as strings).</summary>
    public static decimal RequiredDecimal(JsonElement element, string what) =>
        OptionalDecimal(element, what) ?? throw new UnexpectedShapeException($"{what} is missing");

    /// <summary>
    /// An optional decimal: null when absent or JSON null; parsed exactly from a number or a numeric string. Anything
    /// else (or a number outside decimal's range) is an unexpected shape.
    /// </summary>
    public static decimal? OptionalDecimal(JsonElement element, string what) => element.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.Number when element.TryGetDecimal(out var number) => number,
        JsonValueKind.String when decimal.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new UnexpectedShapeException($"{what} is not a decimal number ({element.ValueKind})"),
    };

    /// <summary>A property, or <c>default</c> (Undefined) when the object lacks it.</summary>
    public static JsonElement Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A Unix time in milliseconds, or null when it is absent, null or out of range.</summary>
    public static DateTimeOffset? FromUnixMilliseconds(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var ms) && ms is >= 0 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    /// <summary>A Unix time in seconds, or null when it is absent, null or out of range.</summary>
    public static DateTimeOffset? FromUnixSeconds(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var seconds) && seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}

/// <summary>An answer had a shape a parser did not expect (turned into <see cref="PriceSourceUnavailableException"/>).</summary>
internal sealed class UnexpectedShapeException : Exception
{
    public UnexpectedShapeException()
    {
    }

    public UnexpectedShapeException(string message)
        : base(message)
    {
    }

    public UnexpectedShapeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

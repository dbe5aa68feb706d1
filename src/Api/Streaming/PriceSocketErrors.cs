using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Api.Streaming;

/// <summary>Why a client message (or one coin of it) was refused: a stable snake_case code and a readable message.</summary>
internal sealed record PriceSocketError(string Code, string Message)
{
    public static PriceSocketError From(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error.Code, error.Message);
    }
}

/// <summary>The error codes of the price WebSocket (see docs/streaming.md).</summary>
internal static class PriceSocketErrors
{
    public const string InvalidMessageCode = "invalid_message";
    public const string UnknownActionCode = "unknown_action";
    public const string ValidationFailedCode = "validation_failed";
    public const string MessageTooLargeCode = "message_too_large";
    public const string SubscriptionLimitCode = "subscription_limit";
    public const string InternalErrorCode = "internal_error";

    /// <summary>The problem code of a plain HTTP request to the WebSocket endpoint.</summary>
    public const string WebSocketRequiredCode = "websocket_required";

    public static readonly PriceSocketError BinaryFrame =
        new(InvalidMessageCode, "Binary frames are not accepted: send each message as a JSON object in a text frame.");

    public static readonly PriceSocketError NotJson = new(InvalidMessageCode, "The message is not valid JSON (UTF-8 text).");

    public static readonly PriceSocketError NotAnObject = new(InvalidMessageCode, "A message must be a JSON object.");

    public static readonly PriceSocketError MissingAction =
        new(InvalidMessageCode, "'action' is required: a string, one of subscribe, unsubscribe or ping.");

    public static readonly PriceSocketError InternalError =
        new(InternalErrorCode, "The server failed to handle this message; the connection stays open. Retry, or report it if it persists.");

    public static PriceSocketError UnknownAction(string action) =>
        new(UnknownActionCode, $"Unknown action '{Shorten(action)}': use subscribe, unsubscribe or ping.");

    public static PriceSocketError Invalid(string field, string message) => new(ValidationFailedCode, $"{field}: {message}");

    public static PriceSocketError MessageTooLarge(int maxBytes) =>
        new(MessageTooLargeCode, $"A message may be at most {maxBytes} bytes; this one was discarded.");

    public static PriceSocketError SubscriptionLimit(int max, int followed, int wanted) =>
        new(SubscriptionLimitCode, $"A connection may follow at most {max} prices (coin and vs pairs); it follows {followed} " +
            $"and this request would make it {wanted}. Nothing was subscribed.");

    /// <summary>A client's text quoted back, cut short so that an error never grows with the input.</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}

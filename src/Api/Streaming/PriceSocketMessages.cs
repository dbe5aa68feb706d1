using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Api.Streaming;

/// <summary>What a client asks on the price WebSocket.</summary>
internal enum PriceSocketAction
{
    Subscribe,
    Unsubscribe,
    Ping,
}

/// <summary>A well-formed client message: the coins are distinct valid ids (in the order sent), vs is supported, lower case.</summary>
internal sealed record PriceSocketRequest(PriceSocketAction Action, string? Id, IReadOnlyList<string> Coins, string Vs);

/// <summary>
/// <c>{"type":"subscribed"|"unsubscribed","id","coins","vs"}</c>: the answer to a subscribe (the coins followed now)
/// or an unsubscribe (the coins no longer followed).
/// </summary>
internal sealed record SubscriptionMessage(string Type, string? Id, IReadOnlyList<string> Coins, string Vs)
{
    public static SubscriptionMessage Subscribed(string? id, IReadOnlyList<string> coins, string vs) => new("subscribed", id, coins, vs);

    public static SubscriptionMessage Unsubscribed(string? id, IReadOnlyList<string> coins, string vs) => new("unsubscribed", id, coins, vs);
}

/// <summary><c>{"type":"price","data":Price}</c>.</summary>
internal sealed record PriceMessage(string Type, PriceDto Data)
{
    public static PriceMessage Of(PriceDto price) => new("price", price);
}

/// <summary><c>{"type":"pong","id"}</c>.</summary>
internal sealed record PongMessage(string Type, string? Id)
{
    public static PongMessage To(string? id) => new("pong", id);
}

/// <summary>
/// <c>{"type":"error","id","code","message","coin"}</c>: <c>id</c> echoes the request's (null when it had none or
/// could not be read); <c>coin</c> names the coin the error is about (null when it is about the whole message).
/// </summary>
internal sealed record ErrorMessage(string Type, string? Id, string Code, string Message, string? Coin)
{
    public static ErrorMessage Of(string? id, PriceSocketError error, string? coin = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new("error", id, error.Code, error.Message, coin);
    }
}

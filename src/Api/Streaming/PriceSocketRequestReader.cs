using System.Text.Json;
using PortfolioTracker.Api.Http.Json;
using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Api.Streaming;

/// <summary>A client message read: the request, or the error to answer (with the message's id when it had a readable one).</summary>
internal readonly record struct PriceSocketRead(PriceSocketRequest? Request, string? Id, PriceSocketError? Error);

/// <summary>
/// Reads a client message of the price WebSocket: a JSON object with <c>action</c>, an optional string <c>id</c> (at
/// most 128 characters), and for subscribe/unsubscribe <c>coins</c> (1–50 market-data ids) and an optional
/// <c>vs</c> (any case, default usd). Member names are matched in any case, like request bodies; unknown members are
/// ignored.
/// </summary>
internal static class PriceSocketRequestReader
{
    public const int MaxCoins = 50;
    public const int MaxIdLength = 128;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = ApiJson.MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static PriceSocketRead Read(ReadOnlyMemory<byte> utf8, IReadOnlyCollection<string> vsCurrencies)
    {
        ArgumentNullException.ThrowIfNull(vsCurrencies);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException)
        {
            return Failed(null, PriceSocketErrors.NotJson);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failed(null, PriceSocketErrors.NotAnObject);
            }

            // The id first, so that every later error can echo it.
            string? id = null;
            if (Member(root, "id") is { } idValue && idValue.ValueKind != JsonValueKind.Null)
            {
                if (idValue.ValueKind != JsonValueKind.String || idValue.GetString() is not { Length: <= MaxIdLength } text)
                {
                    return Failed(null, PriceSocketErrors.Invalid("id", $"Must be a string of at most {MaxIdLength} characters (or absent)."));
                }

                id = text;
            }

            if (Member(root, "action") is not { ValueKind: JsonValueKind.String } actionValue)
            {
                return Failed(id, PriceSocketErrors.MissingAction);
            }

            var action = actionValue.GetString()!;
            PriceSocketAction kind;
            switch (action)
            {
                case "subscribe":
                    kind = PriceSocketAction.Subscribe;
                    break;
                case "unsubscribe":
                    kind = PriceSocketAction.Unsubscribe;
                    break;
                case "ping":
                    return new PriceSocketRead(new PriceSocketRequest(PriceSocketAction.Ping, id, [], PriceRules.DefaultVs), id, null);
                default:
                    return Failed(id, PriceSocketErrors.UnknownAction(action));
            }

            var coins = Coins(Member(root, "coins"), out var coinsError);
            if (coinsError is not null)
            {
                return Failed(id, coinsError);
            }

            var vs = Vs(Member(root, "vs"), vsCurrencies, out var vsError);
            return vsError is not null
                ? Failed(id, vsError)
                : new PriceSocketRead(new PriceSocketRequest(kind, id, coins, vs), id, null);
        }
    }

    private static List<string> Coins(JsonElement? value, out PriceSocketError? error)
    {
        error = null;
        if (value is not { ValueKind: JsonValueKind.Array } array)
        {
            error = PriceSocketErrors.Invalid("coins", $"Is required: an array of 1-{MaxCoins} coin ids such as [\"bitcoin\",\"ethereum\"].");
            return [];
        }

        var count = array.GetArrayLength();
        if (count is < 1 or > MaxCoins)
        {
            error = PriceSocketErrors.Invalid("coins", $"Must hold 1-{MaxCoins} coin ids; it holds {count}.");
            return [];
        }

        var coins = new List<string>(count);
        foreach (var item in array.EnumerateArray())
        {
            var coin = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (!PriceRules.IsCoinId(coin))
            {
                var shown = coin is null ? item.ValueKind.ToString().ToLowerInvariant() : $"'{PriceSocketErrors.Shorten(coin)}'";
                error = PriceSocketErrors.Invalid("coins", $"{shown} is not a market-data id such as 'bitcoin' (lower-case letters, digits and dashes).");
                return [];
            }

            if (!coins.Contains(coin!, StringComparer.Ordinal))
            {
                coins.Add(coin!);
            }
        }

        return coins;
    }

    private static string Vs(JsonElement? value, IReadOnlyCollection<string> supported, out PriceSocketError? error)
    {
        error = null;
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            return PriceRules.DefaultVs;
        }

        var vs = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString()!.Trim().ToLowerInvariant() : null;
        if (vs is null || !supported.Contains(vs))
        {
            error = PriceSocketErrors.Invalid("vs", $"Must be one of the supported vs currencies ({string.Join(", ", supported)}), in any case.");
            return PriceRules.DefaultVs;
        }

        return vs;
    }

    /// <summary>The member of that name in any case (the last one when a name repeats); null when absent.</summary>
    private static JsonElement? Member(JsonElement message, string name)
    {
        JsonElement? found = null;
        foreach (var member in message.EnumerateObject())
        {
            if (member.NameEquals(name) || string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = member.Value;
            }
        }

        return found;
    }

    private static PriceSocketRead Failed(string? id, PriceSocketError error) => new(null, id, error);
}

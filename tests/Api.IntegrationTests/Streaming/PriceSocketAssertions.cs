using System.Globalization;
using System.Text.Json.Nodes;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>The documented shapes of the price socket's messages: every member present, null when it has no value.</summary>
public static class PriceSocketAssertions
{
    public static readonly string[] PriceMembers = ["coinId", "symbol", "name", "price", "marketCap", "change24h", "vs", "fetchedAt", "source", "stale"];

    /// <summary>A <c>price</c> message for that coin in that vs, with a complete <c>Price</c> of decimal strings.</summary>
    public static JsonObject ShouldBePriceOf(this JsonObject message, string coin, string vs = "usd")
    {
        message.Select(m => m.Key).ShouldBe(["type", "data"], ignoreOrder: true, customMessage: message.ToJsonString());
        message["type"]!.GetValue<string>().ShouldBe("price");
        var data = message["data"]!.AsObject();
        data.Select(m => m.Key).ShouldBe(PriceMembers, ignoreOrder: true, customMessage: data.ToJsonString());
        data["coinId"]!.GetValue<string>().ShouldBe(coin);
        data["vs"]!.GetValue<string>().ShouldBe(vs);
        data["price"]!.GetValue<string>().ShouldMatch(@"^\d+(\.\d+)?$");
        data["marketCap"]!.GetValue<string>().ShouldMatch(@"^\d+(\.\d+)?$");
        data["change24h"]!.GetValue<string>().ShouldMatch(@"^-?\d+\.\d{2}$");
        data["fetchedAt"]!.GetValue<string>().ShouldEndWith("Z");
        data["source"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        data["stale"]!.GetValue<bool>().ShouldBeFalse();
        return data;
    }

    public static DateTimeOffset FetchedAt(this JsonObject price) =>
        DateTimeOffset.Parse(price["fetchedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>A <c>subscribed</c>/<c>unsubscribed</c> answer to that id, listing those coins in that vs.</summary>
    public static void ShouldBeSubscription(this JsonObject message, string type, string? id, string[] coins, string vs = "usd")
    {
        message.Select(m => m.Key).ShouldBe(["type", "id", "coins", "vs"], ignoreOrder: true, customMessage: message.ToJsonString());
        message["type"]!.GetValue<string>().ShouldBe(type);
        message["id"]?.GetValue<string>().ShouldBe(id);
        (message["id"] is null).ShouldBe(id is null);
        message["coins"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(coins);
        message["vs"]!.GetValue<string>().ShouldBe(vs);
    }

    /// <summary>An <c>error</c> with that code, echoing that id (null: the member is present and null).</summary>
    public static void ShouldBeError(this JsonObject message, string code, string? id, string? coin = null)
    {
        message.Select(m => m.Key).ShouldBe(["type", "id", "code", "message", "coin"], ignoreOrder: true, customMessage: message.ToJsonString());
        message["type"]!.GetValue<string>().ShouldBe("error");
        message["code"]!.GetValue<string>().ShouldBe(code, message.ToJsonString());
        message["id"]?.GetValue<string>().ShouldBe(id);
        (message["id"] is null).ShouldBe(id is null);
        message["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        message["coin"]?.GetValue<string>().ShouldBe(coin);
        (message["coin"] is null).ShouldBe(coin is null);
    }
}

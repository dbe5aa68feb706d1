using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Endpoints;

/// <summary>What API.md promises about a <c>Price</c> on the wire.</summary>
internal static partial class PriceJson
{
    public static readonly string[] PriceMembers = ["coinId", "symbol", "name", "price", "marketCap", "change24h", "vs", "fetchedAt", "source", "stale"];

    /// <summary>Asserts a complete, fresh price of the coin: every member, decimal strings, RFC 3339 UTC time.</summary>
    public static void ShouldBeAPrice(this JsonNode price, string coinId, string vs = "usd", string source = "simulated", bool stale = false)
    {
        var text = price.ToJsonString();
        price.AsObject().Select(m => m.Key).ShouldBe(PriceMembers, ignoreOrder: true, text);
        price.Str("coinId").ShouldBe(coinId);
        price.Str("vs").ShouldBe(vs);
        price.Str("source").ShouldBe(source);
        price["stale"]!.GetValue<bool>().ShouldBe(stale, text);
        price.Str("symbol").ShouldNotBeNullOrWhiteSpace();
        price.Str("name").ShouldNotBeNullOrWhiteSpace();
        Decimal(price, "price").ShouldBeGreaterThan(0m, text);
        Decimal(price, "marketCap").ShouldBeGreaterThan(0m, text);
        ChangePattern().IsMatch(price.Str("change24h")).ShouldBeTrue($"change24h is a decimal string with 2 decimals: {text}");
        FetchedAt(price).Offset.ShouldBe(TimeSpan.Zero);
    }

    /// <summary>A member that must be a plain decimal string (no exponent, no sign), parsed.</summary>
    public static decimal Decimal(JsonNode node, string member)
    {
        var value = node[member]!.GetValue<string>();
        UnsignedDecimalPattern().IsMatch(value).ShouldBeTrue($"{member} is a plain decimal string: '{value}'");
        return decimal.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    public static DateTimeOffset FetchedAt(JsonNode price) => Timestamp(price, "fetchedAt");

    /// <summary>An RFC 3339 timestamp in UTC (<c>…Z</c>).</summary>
    public static DateTimeOffset Timestamp(JsonNode node, string member)
    {
        var value = node[member]!.GetValue<string>();
        value.ShouldEndWith("Z");
        return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    [GeneratedRegex(@"^\d+(\.\d+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnsignedDecimalPattern();

    [GeneratedRegex(@"^-?\d+\.\d{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChangePattern();
}

using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Endpoints;

/// <summary><c>POST /api/v1/prices/bulk</c>: one coin failing never fails the batch.</summary>
[Collection(ApiCollection.Name)]
public sealed class BulkPricesEndpointTests(ApiFactory factory)
{
    private const string Url = "/api/v1/prices/bulk";

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Bulk_OfValidUnknownMalformedAndDuplicateIds_AnswersEachCoinOnce_WithPerCoinErrorsAndCounts()
    {
        var user = await client.RegisterAndLoginAsync("bulk");

        var body = await (await client.PostJsonAsync(
            Url, new { coins = new[] { "bitcoin", "no-such-coin-xyz", "Not Valid!", "ethereum", "bitcoin" } }, user.AccessToken)).ShouldBeAsync(200);

        body.AsObject().Select(m => m.Key).ShouldBe(["items", "successCount", "errorCount", "elapsedMs"], ignoreOrder: true);
        var items = Items(body);
        items.Select(i => i.Str("coinId")).ShouldBe(["bitcoin", "no-such-coin-xyz", "Not Valid!", "ethereum"]);
        foreach (var item in items)
        {
            item.AsObject().ContainsKey("coinId").ShouldBeTrue();
            item.AsObject().ContainsKey("error").ShouldBeTrue(item.ToJsonString());
        }

        WithoutError(items[0]).ShouldBeAPrice("bitcoin");
        WithoutError(items[3]).ShouldBeAPrice("ethereum");
        items[0]["error"].ShouldBeNull();
        items[1]["error"]!.Str("code").ShouldBe("not_found");
        items[2]["error"]!.Str("code").ShouldBe("invalid_coin_id");
        items[1]["error"]!.Str("message").ShouldNotBeNullOrWhiteSpace();
        items[1]["price"].ShouldBeNull();
        body["successCount"]!.GetValue<int>().ShouldBe(2);
        body["errorCount"]!.GetValue<int>().ShouldBe(2);
        body["elapsedMs"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Bulk_HonoursVs_AndAnswersAsManyItemsAsDistinctCoins()
    {
        var user = await client.RegisterAndLoginAsync("bulk");

        var body = await (await client.PostJsonAsync(Url, new { coins = new[] { "solana", "cardano", "solana" }, vs = "eur" }, user.AccessToken)).ShouldBeAsync(200);

        var items = Items(body);
        items.Count.ShouldBe(2);
        WithoutError(items[0]).ShouldBeAPrice("solana", "eur");
        WithoutError(items[1]).ShouldBeAPrice("cardano", "eur");
        body["successCount"]!.GetValue<int>().ShouldBe(2);
        body["errorCount"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Bulk_Of50Coins_IsAccepted()
    {
        var user = await client.RegisterAndLoginAsync("bulk");
        var coins = Enumerable.Range(0, 48).Select(i => $"unknown-coin-{i}").Concat(["bitcoin", "tether"]).ToArray();

        var body = await (await client.PostJsonAsync(Url, new { coins }, user.AccessToken)).ShouldBeAsync(200);

        Items(body).Count.ShouldBe(50);
        body["successCount"]!.GetValue<int>().ShouldBe(2);
        body["errorCount"]!.GetValue<int>().ShouldBe(48);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public async Task Bulk_OfNoneOrMoreThan50Coins_Is400(int count)
    {
        var user = await client.RegisterAndLoginAsync("bulk");
        var coins = Enumerable.Range(0, count).Select(i => $"coin-{i}").ToArray();

        var problem = await (await client.PostJsonAsync(Url, new { coins }, user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem.FieldErrors("coins").ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("[]", "body")]
    [InlineData("{}", "coins")]
    [InlineData("""{"coins":null}""", "coins")]
    [InlineData("""{"coins":[null]}""", "coins")]
    [InlineData("""{"coins":[1,2]}""", "coins[0]")]
    [InlineData("""{"coins":"bitcoin"}""", "coins")]
    [InlineData("""{"coins":["bitcoin"],"vs":"xyz"}""", "vs")]
    [InlineData("""{"coins":["bitcoin"],"timeoutMs":0}""", "timeoutMs")]
    [InlineData("""{"coins":["bitcoin"],"timeoutMs":30001}""", "timeoutMs")]
    [InlineData("""{"coins":["bitcoin"],"timeoutMs":"fast"}""", "timeoutMs")]
    public async Task Bulk_AMalformedRequest_Is400WithTheFieldNamed(string json, string field)
    {
        var user = await client.RegisterAndLoginAsync("bulk");

        var problem = await (await client.PostRawAsync(Url, json, "application/json", user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => k == field || k.StartsWith(field, StringComparison.Ordinal), problem.ToJsonString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30_000)]
    public async Task Bulk_TimeoutMsWithinItsBounds_IsAccepted(int timeoutMs)
    {
        var user = await client.RegisterAndLoginAsync("bulk");
        (await client.PostJsonAsync(Url, new { coins = new[] { "litecoin" } }, user.AccessToken)).EnsureSuccessStatusCode();

        var body = await (await client.PostJsonAsync(Url, new { coins = new[] { "litecoin" }, timeoutMs }, user.AccessToken)).ShouldBeAsync(200);

        WithoutError(Items(body)[0]).ShouldBeAPrice("litecoin");
    }

    [Fact]
    public async Task Bulk_WithoutAToken_Is401()
    {
        await (await client.PostJsonAsync(Url, new { coins = new[] { "bitcoin" } })).ShouldBeProblemAsync(401, "unauthorized");
    }

    private static List<JsonNode> Items(JsonNode body) => [.. body["items"]!.AsArray().Select(i => i!)];

    /// <summary>A successful item is a <c>Price</c> plus <c>error: null</c>; this is the <c>Price</c> part.</summary>
    private static JsonObject WithoutError(JsonNode item)
    {
        var copy = item.DeepClone().AsObject();
        copy["error"].ShouldBeNull();
        copy.Remove("error");
        return copy;
    }
}

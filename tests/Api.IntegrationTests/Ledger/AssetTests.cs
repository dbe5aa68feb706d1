using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class AssetTests(ApiFactory factory)
{
    private static readonly string[] AssetMembers = ["code", "name", "kind", "decimals", "priceId"];

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task List_HoldsAtLeast23SeededAssets_WithTheDocumentedShape()
    {
        var user = await client.RegisterAndLoginAsync("assets");

        var body = await (await client.GetAsync("/api/v1/assets", user.AccessToken)).ShouldBeAsync(200);

        body.AsObject().Select(m => m.Key).ShouldBe(["items"]);
        var items = body["items"]!.AsArray().Select(i => i!).ToList();
        items.Count.ShouldBeGreaterThanOrEqualTo(23);
        foreach (var item in items)
        {
            item.AsObject().Select(m => m.Key).ShouldBe(AssetMembers, ignoreOrder: true);
            item.Str("kind").ShouldBeOneOf("fiat", "crypto");
            item["decimals"]!.GetValue<int>().ShouldBeInRange(0, 18);
        }

        items.Select(i => i.Str("code")).Distinct().Count().ShouldBe(items.Count);
        var byCode = items.ToDictionary(i => i.Str("code"));
        foreach (var fiat in new[] { "USD", "EUR", "GBP" })
        {
            byCode[fiat].Str("kind").ShouldBe("fiat");
            byCode[fiat]["decimals"]!.GetValue<int>().ShouldBe(2);
        }

        byCode["BTC"].Str("kind").ShouldBe("crypto");
        byCode["BTC"]["decimals"]!.GetValue<int>().ShouldBe(8);
        byCode["BTC"].Str("priceId").ShouldBe("bitcoin");
        byCode["BTC"].Str("name").ShouldBe("Bitcoin");
        byCode["ETH"].Str("kind").ShouldBe("crypto");
        byCode["ETH"]["decimals"]!.GetValue<int>().ShouldBe(18);
        byCode["ETH"].Str("priceId").ShouldBe("ethereum");
        byCode["USD"]["priceId"].ShouldBeNull();
    }

    [Fact]
    public async Task List_WithoutAToken_Returns401()
    {
        await (await client.GetAsync("/api/v1/assets", token: null)).ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task GetOne_ReturnsTheAsset_AndAnUnknownCodeIs404()
    {
        var user = await client.RegisterAndLoginAsync("assets");

        var btc = await (await client.GetAsync("/api/v1/assets/BTC", user.AccessToken)).ShouldBeAsync(200);

        btc.Str("code").ShouldBe("BTC");
        btc["decimals"]!.GetValue<int>().ShouldBe(8);
        btc.Str("priceId").ShouldBe("bitcoin");
        await (await client.GetAsync("/api/v1/assets/NOPE42", user.AccessToken)).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task Create_ByAnAdmin_Returns201WithLocation_AndTheAssetIsUsableAtOnce()
    {
        var admin = await client.LoginAdminAsync();
        var code = NewCode();

        var response = await client.PostJsonAsync(
            "/api/v1/assets", new { code, name = "Test Coin", kind = "crypto", decimals = 4, priceId = $"test-{code.ToLowerInvariant()}" }, admin.AccessToken);

        var asset = await response.ShouldBeAsync(201);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/assets/{code}");
        asset.Str("code").ShouldBe(code);
        asset.Str("name").ShouldBe("Test Coin");
        asset.Str("kind").ShouldBe("crypto");
        asset["decimals"]!.GetValue<int>().ShouldBe(4);
        asset.Str("priceId").ShouldBe($"test-{code.ToLowerInvariant()}");

        var user = await client.RegisterAndLoginAsync("assets");
        (await (await client.GetAsync($"/api/v1/assets/{code}", user.AccessToken)).ShouldBeAsync(200)).ToJsonString().ShouldBe(asset.ToJsonString());
        var list = await (await client.GetAsync("/api/v1/assets", user.AccessToken)).ShouldBeAsync(200);
        list["items"]!.AsArray().Select(i => i!.Str("code")).ShouldContain(code);

        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "1.5", code);
        credit.PostingOn(account).Str("amount").ShouldBe("1.5000");
        (await client.AmountOfAsync(user, account, code)).ShouldBe("1.5000");
        await (await client.CreditRequestAsync(user, account, "1.23456", code)).ShouldBeValidationProblemAsync("amount");
    }

    [Fact]
    public async Task AnAssetWithoutDecimals_TakesWholeAmountsOnly_AndRendersThemWithoutAFraction()
    {
        var admin = await client.LoginAdminAsync();
        var code = NewCode();
        await (await client.PostJsonAsync("/api/v1/assets", new { code, name = "Whole units", kind = "crypto", decimals = 0 }, admin.AccessToken)).ShouldBeAsync(201);
        var user = await client.RegisterAndLoginAsync("assets");
        var account = await client.OpenAccountAsync(user);

        var credit = await client.CreditAsync(user, account, "5.0", code);

        credit.PostingOn(account).Str("amount").ShouldBe("5");
        await (await client.CreditRequestAsync(user, account, "5.5", code)).ShouldBeValidationProblemAsync("amount");
        (await client.AmountOfAsync(user, account, code)).ShouldBe("5");
    }

    [Fact]
    public async Task OneUsersLargeBalance_DoesNotBlockOtherUsersCredits()
    {
        var admin = await client.LoginAdminAsync();
        var code = NewCode();
        await (await client.PostJsonAsync("/api/v1/assets", new { code, name = "Limit probe", kind = "fiat", decimals = 2 }, admin.AccessToken)).ShouldBeAsync(201);
        var whale = await client.RegisterAndLoginAsync("assets");
        var minnow = await client.RegisterAndLoginAsync("assets");
        var whales = await client.OpenAccountAsync(whale);
        var minnows = await client.OpenAccountAsync(minnow);

        // The largest credit a 2-decimal asset accepts (just below 10^26), into one user's account.
        await client.CreditAsync(whale, whales, "99999999999999999999999999.99", code);

        await (await client.CreditRequestAsync(minnow, minnows, "1.00", code)).ShouldBeAsync(201);
    }

    [Fact]
    public async Task Create_ByAUser_Returns403_AndAddsNothing()
    {
        var user = await client.RegisterAndLoginAsync("assets");
        var code = NewCode();

        await (await client.PostJsonAsync("/api/v1/assets", new { code, name = "Nope", kind = "crypto", decimals = 8 }, user.AccessToken))
            .ShouldBeProblemAsync(403, "forbidden");

        await (await client.GetAsync($"/api/v1/assets/{code}", user.AccessToken)).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task Create_WithATakenCode_Returns409()
    {
        var admin = await client.LoginAdminAsync();
        var code = NewCode();
        await (await client.PostJsonAsync("/api/v1/assets", new { code, name = "First", kind = "fiat", decimals = 2 }, admin.AccessToken)).ShouldBeAsync(201);

        await (await client.PostJsonAsync("/api/v1/assets", new { code, name = "Second", kind = "fiat", decimals = 2 }, admin.AccessToken))
            .ShouldBeProblemAsync(409, "asset_exists");
        await (await client.PostJsonAsync("/api/v1/assets", new { code = "USD", name = "Dollar again", kind = "fiat", decimals = 2 }, admin.AccessToken))
            .ShouldBeProblemAsync(409, "asset_exists");

        var kept = await (await client.GetAsync($"/api/v1/assets/{code}", admin.AccessToken)).ShouldBeAsync(200);
        kept.Str("name").ShouldBe("First");
    }

    [Theory]
    [InlineData("code", """{"code":"X","name":"N","kind":"crypto","decimals":2}""")]
    [InlineData("code", """{"code":"TOOLONGCODE123","name":"N","kind":"crypto","decimals":2}""")]
    [InlineData("code", """{"code":"AB-C","name":"N","kind":"crypto","decimals":2}""")]
    [InlineData("code", """{"name":"N","kind":"crypto","decimals":2}""")]
    [InlineData("name", """{"code":"QQNAME1","name":"","kind":"crypto","decimals":2}""")]
    [InlineData("name", """{"code":"QQNAME2","kind":"crypto","decimals":2}""")]
    [InlineData("kind", """{"code":"QQKIND1","name":"N","kind":"stock","decimals":2}""")]
    [InlineData("decimals", """{"code":"QQDEC1","name":"N","kind":"crypto","decimals":19}""")]
    [InlineData("decimals", """{"code":"QQDEC2","name":"N","kind":"crypto","decimals":-1}""")]
    [InlineData("decimals", """{"code":"QQDEC3","name":"N","kind":"crypto"}""")]
    [InlineData("decimals", """{"code":"QQDEC4","name":"N","kind":"crypto","decimals":"2"}""")]
    [InlineData("priceId", """{"code":"QQPRICE1","name":"N","kind":"crypto","decimals":2,"priceId":"Not An Id"}""")]
    public async Task Create_WithAnInvalidField_Returns400NamingIt(string field, string body)
    {
        var admin = await client.LoginAdminAsync();

        await (await client.PostRawAsync("/api/v1/assets", body, "application/json", admin.AccessToken)).ShouldBeValidationProblemAsync(field);
    }

    /// <summary>A code no other test uses: 2–12 upper-case letters or digits.</summary>
    private static string NewCode() => "T" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();
}

using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Http;

[Collection(ApiCollection.Name)]
public sealed class ProblemResponseTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task UnknownRoute_Returns404Problem_WithOrWithoutAToken()
    {
        var user = await client.RegisterAndLoginAsync();

        await (await client.GetAsync("/api/v1/no-such-thing", token: null)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync("/api/v1/no-such-thing", user.AccessToken)).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        await (await client.DeleteAsync("/api/v1/auth/login", token: null)).ShouldBeProblemAsync(405, "method_not_allowed");
    }

    [Fact]
    public async Task NonJsonBody_Returns415Problem()
    {
        await (await client.PostRawAsync("/api/v1/auth/login", "email=a", "application/x-www-form-urlencoded")).ShouldBeProblemAsync(415, "unsupported_media_type");
    }

    [Fact]
    public async Task BodyOverOneMebibyte_WithContentLength_Returns413Problem()
    {
        var huge = $"{{\"email\":\"{new string('a', 1024 * 1024)}\",\"password\":\"x\"}}";

        var response = await client.PostRawAsync("/api/v1/auth/login", huge, "application/json");

        await response.ShouldBeProblemAsync(413, "payload_too_large");
    }

    [Fact]
    public async Task BodyOverOneMebibyte_Chunked_Returns413Problem()
    {
        var huge = new string('a', (1024 * 1024) + 10);

        var response = await client.PostJsonAsync("/api/v1/auth/login", new { email = huge, password = "x" });

        await response.ShouldBeProblemAsync(413, "payload_too_large");
    }

    [Fact]
    public async Task BodyJustUnderTheLimit_IsRead()
    {
        var big = new string('a', 1000 * 1000);

        var response = await client.PostJsonAsync("/api/v1/auth/login", new { email = big, password = "x" });

        await response.ShouldBeProblemAsync(400, "validation_failed");
    }

    [Theory]
    [InlineData("{\"email\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("")]
    public async Task MalformedJson_Returns400ValidationProblem(string body)
    {
        await (await client.PostRawAsync("/api/v1/auth/login", body, "application/json")).ShouldBeProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task DeeplyNestedJson_Returns400_NotACrash()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);

        await (await client.PostRawAsync("/api/v1/auth/login", nested, "application/json")).ShouldBeProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task OperationsEndpoints_AnswerWithoutAToken()
    {
        await (await client.GetAsync("/health/live", token: null)).ShouldBeAsync(200);
        (await (await client.GetAsync("/health/ready", token: null)).ShouldBeAsync(200)).Str("status").ShouldBe("healthy");
        var swagger = await client.GetAsync("/swagger/index.html");
        ((int)swagger.StatusCode).ShouldBe(200);
    }

    [Fact]
    public async Task OpenApiDocument_ListsEveryOperationUnderItsStableOperationId()
    {
        var document = await (await client.GetAsync("/openapi/v1.json", token: null)).ShouldBeAsync(200);

        document.Str("openapi").ShouldStartWith("3.1");
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => op.Value!["operationId"]!.GetValue<string>()))
            .ToList();
        operations.ShouldBe(
            [
                "login", "logout", "refreshToken", "registerUser", "listUsers", "getCurrentUser", "getUser", "updateUser", "deleteUser",
                "listAssets", "getAsset", "createAsset",
                "createAccount", "listAccounts", "getAccount", "renameAccount", "closeAccount", "getBalances", "getBalanceHistory",
                "createCredit", "createDebit", "createTransfer", "createTrade", "postTransaction", "voidTransaction", "reverseTransaction",
                "listTransactions", "getTransaction",
                "listAuditEntries",
                "getPrice", "getBulkPrices", "listPopularPrices", "getPriceHistory", "getPriceCacheStats", "clearPriceCache",
                "getPortfolio", "getPortfolioPerformance", "streamPrices", "streamPortfolio", "openPriceSocket",
                "getLiveness", "getReadiness", "getMetrics",
            ],
            ignoreOrder: true);
        document["components"]!["securitySchemes"]!["bearer"]!.Str("scheme").ShouldBe("bearer");

        var me = document["paths"]!["/api/v1/users/me"]!["get"]!;
        me["security"]!.AsArray().Count.ShouldBe(1);
        var login = document["paths"]!["/api/v1/auth/login"]!["post"]!;
        (login["security"] as JsonArray ?? []).Count.ShouldBe(0);
        login["responses"]!["401"]!["content"]!["application/problem+json"].ShouldNotBeNull();
    }
}

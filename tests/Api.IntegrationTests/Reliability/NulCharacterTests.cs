using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>Found by input fuzzing: a NUL character reached PostgreSQL (which cannot hold one in text) and answered 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class NulCharacterTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Login_WithNulInEmail_Returns400ValidationFailed()
    {
        var problem = await (await client.PostJsonAsync("/api/v1/auth/login", new { email = "a\u0000b", password = "0x10" })).ShouldBeProblemAsync(400, "validation_failed");

        problem.FieldErrors("email").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task OpenAccount_WithNulInName_Returns400_AndOpensNothing()
    {
        var user = await client.RegisterAndLoginAsync("nul");

        var problem = await (await client.PostJsonAsync("/api/v1/accounts", new { name = "Main\u0000", baseCurrency = "USD" }, user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem.FieldErrors("name").ShouldNotBeEmpty();
        var accounts = await (await client.GetAsync("/api/v1/accounts", user.AccessToken)).ShouldBeAsync(200);
        accounts["items"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/audit?entityType=account%00x", "entityType")]
    [InlineData("/api/v1/audit?action=a%00", "action")]
    [InlineData("/api/v1/prices/bitcoin?vs=usd%00", "vs")]
    public async Task NulInQueryParameter_Returns400ValidationFailed(string url, string field)
    {
        var admin = await client.LoginAdminAsync();

        var problem = await (await client.GetAsync(url, admin.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem.FieldErrors(field).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task NulInQuery_WithoutToken_IsStill401()
    {
        await (await client.GetAsync("/api/v1/audit?action=a%00", token: null)).ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task FormBody_WithKeyThatIsNotJQuerySyntax_Returns415()
    {
        var user = await client.RegisterAndLoginAsync("form");

        var response = await client.PostRawAsync("/api/v1/transactions/credit", "{\"name\":[[[[", "application/x-www-form-urlencoded", user.AccessToken);

        await response.ShouldBeProblemAsync(415, "unsupported_media_type");
    }
}

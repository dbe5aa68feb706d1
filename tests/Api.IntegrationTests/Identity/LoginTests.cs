using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Identity;

[Collection(ApiCollection.Name)]
public sealed class LoginTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Login_WithRightCredentials_ReturnsATokenPairAndTheUser()
    {
        var (username, email) = TestUsers.Unique();
        (await client.PostJsonAsync("/api/v1/auth/register", new { username, email, password = TestUsers.Password })).EnsureSuccessStatusCode();

        var body = await (await client.PostJsonAsync("/api/v1/auth/login", new { email, password = TestUsers.Password })).ShouldBeAsync(200);

        body.AsObject().Select(p => p.Key).ShouldBe(["accessToken", "refreshToken", "tokenType", "expiresIn", "user"]);
        body.Str("tokenType").ShouldBe("Bearer");
        body["expiresIn"]!.GetValue<int>().ShouldBe(900);
        body.Str("accessToken").Split('.').Length.ShouldBe(3);
        body.Str("refreshToken").Length.ShouldBeGreaterThan(30);
        body["user"]!.Str("username").ShouldBe(username);
    }

    [Fact]
    public async Task Login_IgnoresTheCaseOfTheEmail()
    {
        var (username, email) = TestUsers.Unique();
        (await client.PostJsonAsync("/api/v1/auth/register", new { username, email = email.ToUpperInvariant(), password = TestUsers.Password })).EnsureSuccessStatusCode();

        var response = await client.PostJsonAsync("/api/v1/auth/login", new { email = email.ToLowerInvariant(), password = TestUsers.Password });

        await response.ShouldBeAsync(200);
    }

    [Fact]
    public async Task Login_UnknownEmailAndWrongPassword_AnswerIdenticalProblems()
    {
        var user = await client.RegisterAndLoginAsync();

        var wrongPassword = await (await client.PostJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "WrongPassw0rd" }))
            .ShouldBeProblemAsync(401, "invalid_credentials");
        var unknownEmail = await (await client.PostJsonAsync("/api/v1/auth/login", new { email = "nobody." + user.Email, password = "WrongPassw0rd" }))
            .ShouldBeProblemAsync(401, "invalid_credentials");

        wrongPassword.AsObject().Remove("traceId");
        unknownEmail.AsObject().Remove("traceId");
        unknownEmail.ToJsonString().ShouldBe(wrongPassword.ToJsonString());
    }

    [Fact]
    public async Task Login_WithMissingFields_Returns400()
    {
        var problem = await (await client.PostJsonAsync("/api/v1/auth/login", new { })).ShouldBeProblemAsync(400, "validation_failed");

        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["email", "password"]);
    }

    [Fact]
    public async Task Login_OfADeletedUser_Returns401()
    {
        var user = await client.RegisterAndLoginAsync();
        await (await client.DeleteAsync($"/api/v1/users/{user.Id}", user.AccessToken)).ShouldBeAsync(204);

        var response = await client.PostJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });

        await response.ShouldBeProblemAsync(401, "invalid_credentials");
    }
}

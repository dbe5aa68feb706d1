using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Identity;

[Collection(ApiCollection.Name)]
public sealed class RefreshTokenTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Refresh_ReturnsANewWorkingPair_AndRotatesTheRefreshToken()
    {
        var user = await client.RegisterAndLoginAsync();

        var pair = await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(200);

        pair.Str("tokenType").ShouldBe("Bearer");
        pair.Str("refreshToken").ShouldNotBe(user.RefreshToken);
        pair["user"]!.Str("id").ShouldBe(user.Id.ToString());
        await (await client.GetAsync("/api/v1/users/me", pair.Str("accessToken"))).ShouldBeAsync(200);
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = pair.Str("refreshToken") })).ShouldBeAsync(200);
    }

    [Fact]
    public async Task ReusingASpentRefreshToken_Returns401_AndRevokesTheWholeFamily()
    {
        var user = await client.RegisterAndLoginAsync();
        var second = await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(200);

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeProblemAsync(401, "refresh_token_reused");

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = second.Str("refreshToken") })).ShouldBeProblemAsync(401, "invalid_refresh_token");
    }

    [Fact]
    public async Task ReuseInOneSession_LeavesOtherSessionsOfTheUserAlone()
    {
        var user = await client.RegisterAndLoginAsync();
        var otherSession = await client.LoginAsync(user.Email, user.Password);
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(200);
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(401);

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = otherSession.RefreshToken })).ShouldBeAsync(200);
    }

    [Fact]
    public async Task ConcurrentRefreshesOfOneToken_SucceedAtMostOnce()
    {
        var user = await client.RegisterAndLoginAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })));

        responses.Count(r => r.IsSuccessStatusCode).ShouldBe(1);
        responses.Count(r => (int)r.StatusCode == 401).ShouldBe(7);
    }

    [Fact]
    public async Task Refresh_WithAnUnknownToken_Returns401_AndWithNone400()
    {
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = "never-issued-token" })).ShouldBeProblemAsync(401, "invalid_refresh_token");

        var problem = await (await client.PostJsonAsync("/api/v1/auth/refresh", new { })).ShouldBeProblemAsync(400, "validation_failed");
        problem.FieldErrors("refreshToken").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Logout_RevokesTheRefreshToken_AndAnswers204()
    {
        var user = await client.RegisterAndLoginAsync();

        await (await client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = user.RefreshToken }, user.AccessToken)).ShouldBeAsync(204);

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeProblemAsync(401, "invalid_refresh_token");
    }

    [Fact]
    public async Task Logout_NeedsAnAccessToken_AndCannotRevokeAnotherUsersSession()
    {
        var victim = await client.RegisterAndLoginAsync("victim");
        var attacker = await client.RegisterAndLoginAsync("attacker");

        await (await client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = victim.RefreshToken })).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = victim.RefreshToken }, attacker.AccessToken)).ShouldBeAsync(204);

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = victim.RefreshToken })).ShouldBeAsync(200);
    }
}

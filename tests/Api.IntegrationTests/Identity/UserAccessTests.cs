using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Identity;

[Collection(ApiCollection.Name)]
public sealed class UserAccessTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Me_ReturnsTheCallerWithAnETag()
    {
        var user = await client.RegisterAndLoginAsync();

        var response = await client.GetAsync("/api/v1/users/me", user.AccessToken);

        var body = await response.ShouldBeAsync(200);
        body.Str("id").ShouldBe(user.Id.ToString());
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
        response.Headers.ETag.IsWeak.ShouldBeFalse();
    }

    [Fact]
    public async Task AnotherUsersId_Returns404ForRead_Update_AndDelete_AndChangesNothing()
    {
        var owner = await client.RegisterAndLoginAsync("owner");
        var other = await client.RegisterAndLoginAsync("other");
        var url = $"/api/v1/users/{owner.Id}";

        await (await client.GetAsync(url, other.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.PutJsonAsync(url, new { username = "hijacked", email = "hijacked@example.com" }, other.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.DeleteAsync(url, other.AccessToken)).ShouldBeProblemAsync(404, "not_found");

        var still = await (await client.GetAsync(url, owner.AccessToken)).ShouldBeAsync(200);
        still.Str("username").ShouldBe(owner.Username);
    }

    [Fact]
    public async Task AnIdThatDoesNotExist_Returns404()
    {
        var user = await client.RegisterAndLoginAsync();

        await (await client.GetAsync($"/api/v1/users/{Guid.CreateVersion7()}", user.AccessToken)).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task UpdateSelf_ChangesUsernameAndEmail_AndBumpsTheETag()
    {
        var user = await client.RegisterAndLoginAsync();
        var (username, email) = TestUsers.Unique("renamed");

        var response = await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username, email }, user.AccessToken);

        var body = await response.ShouldBeAsync(200);
        body.Str("username").ShouldBe(username);
        body.Str("email").ShouldBe(email);
        body.Str("role").ShouldBe("user");
        response.Headers.ETag!.Tag.ShouldBe("\"2\"");
        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeAsync(200);
    }

    [Fact]
    public async Task UserSendingADifferentRole_Gets403_AndKeepsTheirRole()
    {
        var user = await client.RegisterAndLoginAsync();

        await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username = user.Username, email = user.Email, role = "admin" }, user.AccessToken))
            .ShouldBeProblemAsync(403, "forbidden");

        (await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeAsync(200)).Str("role").ShouldBe("user");
    }

    [Fact]
    public async Task UserSendingTheirCurrentRole_IsFine()
    {
        var user = await client.RegisterAndLoginAsync();

        await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username = user.Username, email = user.Email, role = "user" }, user.AccessToken)).ShouldBeAsync(200);
    }

    [Fact]
    public async Task Update_WithMissingOrInvalidFields_Returns400()
    {
        var user = await client.RegisterAndLoginAsync();

        var problem = await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { role = "superuser" }, user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");

        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["email", "role", "username"]);
    }

    [Fact]
    public async Task Update_ToAnEmailOfAnotherUser_Returns409()
    {
        var first = await client.RegisterAndLoginAsync();
        var second = await client.RegisterAndLoginAsync();

        await (await client.PutJsonAsync($"/api/v1/users/{second.Id}", new { username = second.Username, email = first.Email }, second.AccessToken))
            .ShouldBeProblemAsync(409, "email_taken");
    }

    [Fact]
    public async Task Update_WithAStaleIfMatch_Returns412_AndWithTheCurrentOne200()
    {
        var user = await client.RegisterAndLoginAsync();
        await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username = user.Username + "a", email = user.Email }, user.AccessToken, ifMatch: "\"1\"")).ShouldBeAsync(200);

        await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username = user.Username + "b", email = user.Email }, user.AccessToken, ifMatch: "\"1\""))
            .ShouldBeProblemAsync(412, "precondition_failed");
        await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username = user.Username + "b", email = user.Email }, user.AccessToken, ifMatch: "\"2\""))
            .ShouldBeAsync(200);
    }

    [Fact]
    public async Task DeleteSelf_Returns204_AndFreesTheEmailForANewRegistration()
    {
        var user = await client.RegisterAndLoginAsync();

        await (await client.DeleteAsync($"/api/v1/users/{user.Id}", user.AccessToken)).ShouldBeAsync(204);

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(401);
        await (await client.PostJsonAsync("/api/v1/auth/register", new { username = user.Username, email = user.Email, password = TestUsers.Password })).ShouldBeAsync(201);
    }

    [Fact]
    public async Task AdminRoutes_Return403ForAUser()
    {
        var user = await client.RegisterAndLoginAsync();

        await (await client.GetAsync("/api/v1/users", user.AccessToken)).ShouldBeProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task Admin_ReadsChangesAndDeletesAnyUser()
    {
        var admin = await client.LoginAdminAsync();
        var user = await client.RegisterAndLoginAsync();
        var url = $"/api/v1/users/{user.Id}";

        (await (await client.GetAsync(url, admin.AccessToken)).ShouldBeAsync(200)).Str("email").ShouldBe(user.Email);
        (await (await client.PutJsonAsync(url, new { username = user.Username, email = user.Email, role = "admin" }, admin.AccessToken)).ShouldBeAsync(200))
            .Str("role").ShouldBe("admin");
        await (await client.DeleteAsync(url, admin.AccessToken)).ShouldBeAsync(204);
        await (await client.GetAsync(url, admin.AccessToken)).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task AdminList_PagesThroughEveryUserOnce_NewestFirst()
    {
        var admin = await client.LoginAdminAsync();
        for (var i = 0; i < 3; i++)
        {
            await client.RegisterAndLoginAsync("paged");
        }

        var seen = new List<(string Id, string CreatedAt)>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/users?limit=2{(cursor is null ? string.Empty : "&cursor=" + cursor)}", admin.AccessToken)).ShouldBeAsync(200);
            var items = page["items"]!.AsArray();
            items.Count.ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(items.Select(i => (i!.Str("id"), i!.Str("createdAt"))));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        seen.Select(s => s.Id).Distinct().Count().ShouldBe(seen.Count);
        seen.Count.ShouldBeGreaterThanOrEqualTo(4);
        seen.Select(s => s.CreatedAt).ShouldBe(seen.Select(s => s.CreatedAt).OrderDescending(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=abc")]
    [InlineData("cursor=not-a-cursor")]
    public async Task AdminList_WithABadLimitOrCursor_Returns400(string query)
    {
        var admin = await client.LoginAdminAsync();

        await (await client.GetAsync($"/api/v1/users?{query}", admin.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");
    }
}

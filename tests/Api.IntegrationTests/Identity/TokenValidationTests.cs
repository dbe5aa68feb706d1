using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Identity;

[Collection(ApiCollection.Name)]
public sealed class TokenValidationTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task ProtectedRoute_WithoutToken_Returns401ProblemWithChallenge()
    {
        var response = await client.GetAsync("/api/v1/users/me", token: null);

        await response.ShouldBeProblemAsync(401, "unauthorized");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Fact]
    public async Task ReSignedUnchangedPayload_IsAccepted_SoTheForgeryTestsBelowAreMeaningful()
    {
        var user = await client.RegisterAndLoginAsync();

        var response = await client.GetAsync("/api/v1/users/me", TokenForge.Sign(TokenForge.Payload(user.AccessToken)));

        await response.ShouldBeAsync(200);
    }

    public static TheoryData<string> Forgeries => new()
    {
        "tampered-signature",
        "alg-none",
        "expired",
        "not-yet-valid",
        "wrong-audience",
        "wrong-issuer",
        "wrong-key",
        "role-claim-raised-to-admin",
        "no-expiry",
        "hs512",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task ForgedOrInvalidToken_Returns401(string forgery)
    {
        var user = await client.RegisterAndLoginAsync();
        var payload = TokenForge.Payload(user.AccessToken);
        var now = TokenForge.Now;
        var token = forgery switch
        {
            "tampered-signature" => TokenForge.TamperSignature(user.AccessToken),
            "alg-none" => TokenForge.WithoutSignature(payload),
            "expired" => TokenForge.Sign(With(payload, p => { p["iat"] = now - 3600; p["nbf"] = now - 3600; p["exp"] = now - 120; })),
            "not-yet-valid" => TokenForge.Sign(With(payload, p => { p["nbf"] = now + 600; p["exp"] = now + 1200; })),
            "wrong-audience" => TokenForge.Sign(With(payload, p => p["aud"] = "another-api")),
            "wrong-issuer" => TokenForge.Sign(With(payload, p => p["iss"] = "someone-else")),
            "wrong-key" => TokenForge.Sign(payload, key: "a-different-key-that-is-long-enough-0123456789"),
            "role-claim-raised-to-admin" => TokenForge.TamperPayload(user.AccessToken, p => p["role"] = "admin"),
            "no-expiry" => TokenForge.Sign(With(payload, p => p.Remove("exp"))),
            "hs512" => TokenForge.Sign(payload, alg: "HS512"),
            _ => "not.a.jwt",
        };

        var response = await client.GetAsync("/api/v1/users/me", token);

        await response.ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task TamperedRoleClaim_DoesNotOpenAdminRoutes()
    {
        var user = await client.RegisterAndLoginAsync();
        var token = TokenForge.TamperPayload(user.AccessToken, p => p["role"] = "admin");

        var response = await client.GetAsync("/api/v1/users", token);

        await response.ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task TokenOfADeletedUser_StopsWorkingAtOnce()
    {
        var user = await client.RegisterAndLoginAsync();
        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeAsync(200);

        await (await client.DeleteAsync($"/api/v1/users/{user.Id}", user.AccessToken)).ShouldBeAsync(204);

        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task TokenIssuedBeforeARoleChange_StopsWorking()
    {
        var admin = await client.LoginAdminAsync();
        var user = await client.RegisterAndLoginAsync();

        await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username = user.Username, email = user.Email, role = "admin" }, admin.AccessToken)).ShouldBeAsync(200);

        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeProblemAsync(401, "unauthorized");
        var fresh = await client.LoginAsync(user.Email, user.Password);
        await (await client.GetAsync("/api/v1/users", fresh.AccessToken)).ShouldBeAsync(200);
    }

    private static JsonObject With(JsonObject payload, Action<JsonObject> change)
    {
        var copy = payload.DeepClone().AsObject();
        change(copy);
        return copy;
    }
}

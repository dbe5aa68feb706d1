using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// Attacks on the bearer tokens beyond <c>Identity/TokenValidationTests</c>: algorithm confusion, forged headers,
/// lifetimes just past the tolerated skew, missing or mismatched claims, escalation to admin, and that a refused
/// token has no side effect. Session revocation (deletion, demotion, logout, refresh reuse) is checked end to end.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthAttackTests(ApiFactory factory)
{
    /// <summary>A key of the attacker's: long and varied enough that only its being the wrong key refuses it.</summary>
    private const string AttackerKey = "attacker-controlled-key-0123456789-ABCDEFGHIJKLMNOPQRSTUV";

    /// <summary>The documented clock skew (30 s) plus a margin, so that a token this far out is certainly refused.</summary>
    private const long BeyondSkew = 45;

    private readonly HttpClient client = factory.CreateClient();

    public static TheoryData<string> Forgeries => new()
    {
        "alg-None-capitalised",
        "alg-NONE-upper-case",
        "alg-none-with-the-original-signature",
        "alg-missing-from-header",
        "hs256-with-empty-signature",
        "rs256-header-signed-with-the-hmac-key",
        "es256-header-signed-with-the-hmac-key",
        "ps256-header-signed-with-the-hmac-key",
        "hs384-header-signed-with-the-hmac-key",
        "embedded-jwk-of-the-attacker",
        "jku-pointing-to-the-attacker",
        "kid-pointing-to-an-empty-key",
        "expired-just-beyond-the-clock-skew",
        "not-yet-valid-just-beyond-the-clock-skew",
        "issued-and-valid-only-in-the-future",
        "issuer-missing",
        "audience-missing",
        "issuer-differing-only-in-case",
        "audience-of-another-api-only",
        "subject-missing",
        "subject-not-a-guid",
        "subject-of-a-user-that-does-not-exist",
        "subject-of-another-user-with-the-callers-stamp",
        "security-stamp-missing",
        "security-stamp-changed",
        "role-admin-re-signed-with-the-attackers-key",
        "role-admin-and-signature-kept",
        "role-array-with-admin-and-signature-kept",
        "only-header-and-payload",
        "four-segments",
        "signature-of-another-token",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task ForgedToken_Returns401Unauthorized_OnUserAndAdminRoutes(string forgery)
    {
        var user = await client.RegisterAndLoginAsync("victim");
        var other = await client.RegisterAndLoginAsync("other");
        var token = Forge(forgery, user, other);

        var me = await client.GetAsync("/api/v1/users/me", token);
        await me.ShouldBeProblemAsync(401, "unauthorized");
        me.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer error=\"invalid_token\"");
        await (await client.GetAsync("/api/v1/users", token)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.GetAsync("/api/v1/audit", token)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.GetAsync($"/api/v1/portfolio/stream?interval=1&maxUpdates=1&access_token={Uri.EscapeDataString(token)}", token: null))
            .ShouldBeProblemAsync(401, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task ForgedToken_ChangesNothing(string forgery)
    {
        var user = await client.RegisterAndLoginAsync("victim");
        var other = await client.RegisterAndLoginAsync("other");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");
        var token = Forge(forgery, user, other);

        await (await client.PostJsonAsync("/api/v1/accounts", new { name = "forged" }, token)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.PostJsonAsync("/api/v1/transactions/debit", new { accountId = account, asset = "USD", amount = "100.00" }, token))
            .ShouldBeProblemAsync(401, "unauthorized");
        await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username = user.Username, email = user.Email, role = "admin" }, token))
            .ShouldBeProblemAsync(401, "unauthorized");
        await (await client.DeleteAsync($"/api/v1/users/{other.Id}", token)).ShouldBeProblemAsync(401, "unauthorized");

        var accounts = await (await client.GetAsync("/api/v1/accounts", user.AccessToken)).ShouldBeAsync(200);
        accounts["items"]!.AsArray().Select(a => a!.Id()).ShouldBe([account]);
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
        (await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeAsync(200)).Str("role").ShouldBe("user");
        await (await client.GetAsync("/api/v1/users/me", other.AccessToken)).ShouldBeAsync(200);
    }

    [Fact]
    public async Task TokenWithinTheClockSkew_IsStillAccepted_SoTheSkewCasesAboveAreAtTheEdge()
    {
        var user = await client.RegisterAndLoginAsync();
        var now = TokenForge.Now;
        var recentlyExpired = TokenForge.Sign(With(TokenForge.Payload(user.AccessToken), p =>
        {
            p["iat"] = now - 600;
            p["nbf"] = now - 600;
            p["exp"] = now - 5;
        }));
        var almostValid = TokenForge.Sign(With(TokenForge.Payload(user.AccessToken), p => p["nbf"] = now + 5));

        await (await client.GetAsync("/api/v1/users/me", recentlyExpired)).ShouldBeAsync(200);
        await (await client.GetAsync("/api/v1/users/me", almostValid)).ShouldBeAsync(200);
    }

    [Theory]
    [InlineData("/api/v1/users/me")]
    [InlineData("/api/v1/accounts")]
    [InlineData("/api/v1/transactions")]
    public async Task TokenInTheQueryString_IsIgnoredOutsideTheStreams(string path)
    {
        var user = await client.RegisterAndLoginAsync();

        var response = await client.GetAsync($"{path}?access_token={user.AccessToken}", token: null);

        await response.ShouldBeProblemAsync(401, "unauthorized");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.e30.")]
    public async Task MalformedAuthorizationHeader_Returns401(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        request.Headers.TryAddWithoutValidation("Authorization", header).ShouldBeTrue();

        var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task UserDeletedByAnAdmin_LosesAccessAndRefreshTokensAtOnce()
    {
        var admin = await client.LoginAdminAsync();
        var user = await client.RegisterAndLoginAsync();
        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeAsync(200);

        await (await client.DeleteAsync($"/api/v1/users/{user.Id}", admin.AccessToken)).ShouldBeAsync(204);

        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.PostJsonAsync("/api/v1/accounts", new { name = "after deletion" }, user.AccessToken)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeProblemAsync(401, "invalid_refresh_token");
        await (await client.PostJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password })).ShouldBeProblemAsync(401, "invalid_credentials");
    }

    [Fact]
    public async Task AdminDemotedToUser_LosesAdminRoutesAtOnce_EvenWithTheOldAdminToken()
    {
        var root = await client.LoginAdminAsync();
        var user = await client.RegisterAndLoginAsync();
        await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username = user.Username, email = user.Email, role = "admin" }, root.AccessToken)).ShouldBeAsync(200);
        var asAdmin = await client.LoginAsync(user.Email, user.Password);
        await (await client.GetAsync("/api/v1/users", asAdmin.AccessToken)).ShouldBeAsync(200);

        await (await client.PutJsonAsync($"/api/v1/users/{user.Id}", new { username = user.Username, email = user.Email, role = "user" }, root.AccessToken)).ShouldBeAsync(200);

        await (await client.GetAsync("/api/v1/users", asAdmin.AccessToken)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.GetAsync("/api/v1/audit", asAdmin.AccessToken)).ShouldBeProblemAsync(401, "unauthorized");
        var fresh = await client.LoginAsync(user.Email, user.Password);
        await (await client.GetAsync("/api/v1/users", fresh.AccessToken)).ShouldBeProblemAsync(403, "forbidden");
        await (await client.GetAsync("/api/v1/users/me", fresh.AccessToken)).ShouldBeAsync(200);
    }

    [Fact]
    public async Task Logout_RevokesTheWholeFamily_ButLeavesIssuedAccessTokensAndOtherSessions()
    {
        var user = await client.RegisterAndLoginAsync();
        var otherSession = await client.LoginAsync(user.Email, user.Password);
        var second = await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(200);

        await (await client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = second.Str("refreshToken") }, user.AccessToken)).ShouldBeAsync(204);

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = second.Str("refreshToken") })).ShouldBeAsync(401);
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(401);

        // docs/api.md: logging out does not revoke access tokens already issued; they expire within expiresIn.
        await (await client.GetAsync("/api/v1/users/me", second.Str("accessToken"))).ShouldBeAsync(200);
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = otherSession.RefreshToken })).ShouldBeAsync(200);
    }

    [Fact]
    public async Task LogoutWithASpentTokenOfTheFamily_RevokesTheNewestToo()
    {
        var user = await client.RegisterAndLoginAsync();
        var second = await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(200);

        await (await client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = user.RefreshToken }, user.AccessToken)).ShouldBeAsync(204);

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = second.Str("refreshToken") })).ShouldBeProblemAsync(401, "invalid_refresh_token");
    }

    [Fact]
    public async Task ReuseOfAnOldRefreshToken_RevokesEveryDescendant_AndTheRevokedFamilyStaysDead()
    {
        var user = await client.RegisterAndLoginAsync();
        var second = await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(200);
        var third = await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = second.Str("refreshToken") })).ShouldBeAsync(200);
        var fourth = await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = third.Str("refreshToken") })).ShouldBeAsync(200);

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = second.Str("refreshToken") })).ShouldBeProblemAsync(401, "refresh_token_reused");

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = fourth.Str("refreshToken") })).ShouldBeProblemAsync(401, "invalid_refresh_token");
        foreach (var spent in new[] { user.RefreshToken, second.Str("refreshToken"), third.Str("refreshToken"), fourth.Str("refreshToken") })
        {
            (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = spent })).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        }

        // A new login starts a new family that works.
        var fresh = await client.LoginAsync(user.Email, user.Password);
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = fresh.RefreshToken })).ShouldBeAsync(200);
    }

    [Fact]
    public async Task AccessTokenSentAsARefreshToken_AndRefreshTokenSentAsABearer_AreRefused()
    {
        var user = await client.RegisterAndLoginAsync();

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.AccessToken })).ShouldBeProblemAsync(401, "invalid_refresh_token");
        await (await client.GetAsync("/api/v1/users/me", user.RefreshToken)).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ShouldBeAsync(200);
    }

    private static string Forge(string forgery, TestUser user, TestUser other)
    {
        var token = user.AccessToken;
        var payload = TokenForge.Payload(token);
        var now = TokenForge.Now;
        var parts = token.Split('.');
        return forgery switch
        {
            "alg-None-capitalised" => Unsigned(payload, "None"),
            "alg-NONE-upper-case" => Unsigned(payload, "NONE"),
            "alg-none-with-the-original-signature" => Unsigned(payload, "none") + parts[2],
            "alg-missing-from-header" => Signed(new JsonObject { ["typ"] = "JWT" }, payload, ApiFactory.SigningKey),
            "hs256-with-empty-signature" => $"{parts[0]}.{parts[1]}.",
            "rs256-header-signed-with-the-hmac-key" => TokenForge.Sign(payload, alg: "RS256"),
            "es256-header-signed-with-the-hmac-key" => TokenForge.Sign(payload, alg: "ES256"),
            "ps256-header-signed-with-the-hmac-key" => TokenForge.Sign(payload, alg: "PS256"),
            "hs384-header-signed-with-the-hmac-key" => TokenForge.Sign(payload, alg: "HS384"),
            "embedded-jwk-of-the-attacker" => Signed(
                new JsonObject
                {
                    ["alg"] = "HS256",
                    ["typ"] = "JWT",
                    ["jwk"] = new JsonObject { ["kty"] = "oct", ["k"] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(AttackerKey)) },
                },
                With(payload, p => p["role"] = "admin"),
                AttackerKey),
            "jku-pointing-to-the-attacker" => Signed(
                new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["jku"] = "https://attacker.example/jwks.json", ["kid"] = "attacker" },
                payload,
                AttackerKey),
            "kid-pointing-to-an-empty-key" => Signed(
                new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = "../../../../dev/null" },
                payload,
                string.Empty),
            "expired-just-beyond-the-clock-skew" => TokenForge.Sign(With(payload, p =>
            {
                p["iat"] = now - 600;
                p["nbf"] = now - 600;
                p["exp"] = now - BeyondSkew;
            })),
            "not-yet-valid-just-beyond-the-clock-skew" => TokenForge.Sign(With(payload, p => p["nbf"] = now + BeyondSkew)),
            "issued-and-valid-only-in-the-future" => TokenForge.Sign(With(payload, p =>
            {
                p["iat"] = now + 3600;
                p["nbf"] = now + 3600;
                p["exp"] = now + 7200;
            })),
            "issuer-missing" => TokenForge.Sign(With(payload, p => p.Remove("iss"))),
            "audience-missing" => TokenForge.Sign(With(payload, p => p.Remove("aud"))),
            "issuer-differing-only-in-case" => TokenForge.Sign(With(payload, p => p["iss"] = ApiFactory.Issuer.ToUpperInvariant())),
            "audience-of-another-api-only" => TokenForge.Sign(With(payload, p => p["aud"] = new JsonArray("billing-api", "admin-console"))),
            "subject-missing" => TokenForge.Sign(With(payload, p => p.Remove("sub"))),
            "subject-not-a-guid" => TokenForge.Sign(With(payload, p => p["sub"] = user.Username)),
            "subject-of-a-user-that-does-not-exist" => TokenForge.Sign(With(payload, p => p["sub"] = Guid.NewGuid().ToString())),
            "subject-of-another-user-with-the-callers-stamp" => TokenForge.Sign(With(payload, p => p["sub"] = other.Id.ToString())),
            "security-stamp-missing" => TokenForge.Sign(With(payload, p => p.Remove("sst"))),
            "security-stamp-changed" => TokenForge.Sign(With(payload, p => p["sst"] = Guid.NewGuid().ToString("N"))),
            "role-admin-re-signed-with-the-attackers-key" => TokenForge.Sign(With(payload, p => p["role"] = "admin"), key: AttackerKey),
            "role-admin-and-signature-kept" => TokenForge.TamperPayload(token, p => p["role"] = "admin"),
            "role-array-with-admin-and-signature-kept" => TokenForge.TamperPayload(token, p => p["role"] = new JsonArray("user", "admin")),
            "only-header-and-payload" => $"{parts[0]}.{parts[1]}",
            "four-segments" => $"{token}.{parts[2]}",
            "signature-of-another-token" => $"{parts[0]}.{parts[1]}.{other.AccessToken.Split('.')[2]}",
            _ => throw new ArgumentOutOfRangeException(nameof(forgery), forgery, "no such forgery"),
        };
    }

    private static string Unsigned(JsonObject payload, string alg) =>
        $"{Encode(new JsonObject { ["alg"] = alg, ["typ"] = "JWT" })}.{Encode(payload)}.";

    private static string Signed(JsonObject header, JsonObject payload, string key)
    {
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static JsonObject With(JsonObject payload, Action<JsonObject> change)
    {
        var copy = payload.DeepClone().AsObject();
        change(copy);
        return copy;
    }
}

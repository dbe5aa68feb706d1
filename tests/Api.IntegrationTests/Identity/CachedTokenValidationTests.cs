using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PortfolioTracker.Api.Auth;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Prices.Cache;

namespace PortfolioTracker.Api.IntegrationTests.Identity;

/// <summary>
/// The remembered token validations (no server: the handler against tokens signed here). The end-to-end behaviour —
/// tampered, expired, foreign and revoked tokens refused — is covered through HTTP by TokenValidationTests and
/// AuthAttackTests, which run with this handler in place.
/// </summary>
public class CachedTokenValidationTests
{
    private const string Key = "cached-token-validation-tests-signing-key-0123456789";

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = "issuer",
        ValidAudience = "audience",
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Key)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.Zero,
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };

    [Fact]
    public async Task AValidToken_IsValidatedOnce_AndEachRequestGetsItsOwnIdentity()
    {
        var handler = new CachedTokenValidation(TimeProvider.System);
        var token = Token(DateTimeOffset.UtcNow.AddMinutes(5), subject: "alice");

        var first = await handler.ValidateTokenAsync(token, Parameters);
        first.ClaimsIdentity.AddClaim(new Claim("added-by", "the first request"));
        var second = await handler.ValidateTokenAsync(token, Parameters);
        second.ClaimsIdentity.AddClaim(new Claim("added-by", "the second request"));
        var third = await handler.ValidateTokenAsync(token, Parameters);

        first.IsValid.ShouldBeTrue();
        second.IsValid.ShouldBeTrue();
        third.IsValid.ShouldBeTrue();
        handler.Count.ShouldBe(1);
        third.ClaimsIdentity.ShouldNotBeSameAs(second.ClaimsIdentity);
        third.ClaimsIdentity.Name.ShouldBe("alice");
        third.ClaimsIdentity.FindFirst("added-by").ShouldBeNull();
        third.ClaimsIdentity.FindFirst("role")!.Value.ShouldBe("user");
        third.SecurityToken.ShouldBeOfType<JsonWebToken>().Subject.ShouldBe("alice");
    }

    [Theory]
    [InlineData("another-signing-key-that-is-also-long-enough-0123456789", "issuer")]
    [InlineData(Key, "someone-else")]
    public async Task ATokenThatFailsValidation_IsNeverRemembered_AndFailsEveryTime(string key, string issuer)
    {
        var handler = new CachedTokenValidation(TimeProvider.System);
        var token = Token(DateTimeOffset.UtcNow.AddMinutes(5), key: key, issuer: issuer);

        (await handler.ValidateTokenAsync(token, Parameters)).IsValid.ShouldBeFalse();
        (await handler.ValidateTokenAsync(token, Parameters)).IsValid.ShouldBeFalse();
        handler.Count.ShouldBe(0);
    }

    [Fact]
    public async Task ATamperedCopyOfARememberedToken_IsStillRefused()
    {
        var handler = new CachedTokenValidation(TimeProvider.System);
        var token = Token(DateTimeOffset.UtcNow.AddMinutes(5), subject: "alice");
        (await handler.ValidateTokenAsync(token, Parameters)).IsValid.ShouldBeTrue();

        var promoted = TokenForge.TamperPayload(token, p => p["role"] = "admin");

        (await handler.ValidateTokenAsync(promoted, Parameters)).IsValid.ShouldBeFalse();
        (await handler.ValidateTokenAsync(TokenForge.TamperSignature(token), Parameters)).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task ARememberedToken_IsNotServedFromMemoryOnceItHasExpired()
    {
        var clock = new ManualClock();
        var handler = new CachedTokenValidation(clock);
        // Valid now in real time (the validation's clock); remembered until its expiry on the handler's clock.
        var token = Token(DateTimeOffset.UtcNow.AddMinutes(5));
        (await handler.ValidateTokenAsync(token, Parameters)).IsValid.ShouldBeTrue();
        clock.Advance(DateTimeOffset.UtcNow.AddMinutes(6) - clock.GetUtcNow());

        // What the real validation would answer six minutes from now: the token has expired.
        var expired = Parameters.Clone();
        expired.LifetimeValidator = (_, _, _, _) => false;

        (await handler.ValidateTokenAsync(token, expired)).IsValid.ShouldBeFalse();
        handler.Count.ShouldBe(0);
    }

    [Fact]
    public async Task WhenFull_ExpiredTokensMakeRoom_AndOtherwiseNewTokensAreValidatedWithoutBeingRemembered()
    {
        var clock = new ManualClock();
        var handler = new CachedTokenValidation(clock);
        var soon = DateTimeOffset.UtcNow.AddMinutes(2);
        var later = DateTimeOffset.UtcNow.AddMinutes(20);
        clock.Advance(DateTimeOffset.UtcNow - clock.GetUtcNow());
        for (var i = 0; i < CachedTokenValidation.Capacity; i++)
        {
            (await handler.ValidateTokenAsync(Token(i % 2 == 0 ? soon : later, subject: $"user-{i}"), Parameters)).IsValid.ShouldBeTrue();
        }

        handler.Count.ShouldBe(CachedTokenValidation.Capacity);

        // Full of live tokens: a new one is validated (and valid) but not remembered; nobody was pushed out.
        var extra = Token(later, subject: "extra");
        (await handler.ValidateTokenAsync(extra, Parameters)).IsValid.ShouldBeTrue();
        handler.Count.ShouldBe(CachedTokenValidation.Capacity);

        // Once half of them have expired (on the handler's clock), the next new token makes room and is remembered.
        clock.Advance(TimeSpan.FromMinutes(3));
        (await handler.ValidateTokenAsync(extra, Parameters)).IsValid.ShouldBeTrue();
        handler.Count.ShouldBe(CachedTokenValidation.Capacity / 2 + 1);
    }

    private static string Token(DateTimeOffset expires, string subject = "user", string key = Key, string issuer = "issuer")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return TokenForge.Sign(
            new JsonObject
            {
                ["sub"] = subject,
                ["role"] = "user",
                ["iss"] = issuer,
                ["aud"] = "audience",
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = expires.ToUnixTimeSeconds(),
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
            key);
    }
}

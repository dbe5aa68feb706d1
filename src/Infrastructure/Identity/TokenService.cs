using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Infrastructure.Identity;

/// <summary>Issues HS256 access tokens and opaque refresh tokens (only their SHA-256 is stored).</summary>
internal sealed class TokenService(IOptions<JwtOptions> options, JwtSigningKey signingKey, TimeProvider clock) : ITokenService
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan RefreshTokenLifetime => TimeSpan.FromDays(options.Value.RefreshTokenDays);

    public AccessToken IssueAccessToken(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var jwt = options.Value;
        var lifetime = TimeSpan.FromMinutes(jwt.AccessTokenMinutes);
        var now = clock.GetUtcNow();
        var expires = now + lifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = signingKey.Credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [AccessTokenClaims.Role] = UserRoleNames.ToName(user.Role),
                [AccessTokenClaims.SecurityStamp] = user.SecurityStamp,
            },
        });
        return new AccessToken(token, expires, (int)lifetime.TotalSeconds);
    }

    public RefreshSecret NewRefreshSecret()
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new RefreshSecret(token, HashRefreshToken(token));
    }

    public string HashRefreshToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}

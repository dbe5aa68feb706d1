using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PortfolioTracker.Infrastructure.Identity;

/// <summary>The claims of our access tokens and how incoming tokens are checked.</summary>
public static class AccessTokenClaims
{
    /// <summary>The claim carrying the user's security stamp.</summary>
    public const string SecurityStamp = "sst";

    public const string Role = "role";

    /// <summary>How incoming access tokens are checked: signature (HS256 only), issuer, audience, lifetime.</summary>
    public static TokenValidationParameters ValidationParameters(JwtOptions jwt, JwtSigningKey signingKey)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        ArgumentNullException.ThrowIfNull(signingKey);
        return new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            IssuerSigningKey = signingKey.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(Math.Clamp(jwt.ClockSkewSeconds, 0, 30)),
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = Role,
        };
    }
}

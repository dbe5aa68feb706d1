namespace PortfolioTracker.Infrastructure.Identity;

/// <summary>Settings of the <c>Jwt</c> section.</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>
    /// The HS256 signing key (env <c>Jwt__SigningKey</c>), at least 32 bytes of UTF-8. Required outside Development;
    /// in Development a random key is generated when it is missing (tokens then die with the process).
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "portfoliotracker";

    public string Audience { get; set; } = "portfoliotracker-api";

    /// <summary>Access-token lifetime (default 15 minutes).</summary>
    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>Refresh-token lifetime; each rotation starts a new one (default 14 days).</summary>
    public int RefreshTokenDays { get; set; } = 14;

    /// <summary>Tolerated clock difference when checking expiry (default 30 s, at most 30 s).</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>
    /// How long a user's security stamp is cached per instance (default 30 s). Changes on the same instance take
    /// effect at once; on other instances within this time.
    /// </summary>
    public int SessionCacheSeconds { get; set; } = 30;
}

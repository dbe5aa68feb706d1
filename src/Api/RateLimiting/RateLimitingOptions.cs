namespace PortfolioTracker.Api.RateLimiting;

/// <summary>Settings of the <c>RateLimiting</c> section: every limit the API applies to its clients.</summary>
/// <remarks>
/// The defaults stop floods, password guessing and scans, yet leave room for legitimate bursts: a client racing 200
/// requests on one account, a test suite registering users by the hundred. Tighten them per deployment.
/// </remarks>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary><c>false</c> turns every limit off: the per-client buckets, login and registration, scan blocking.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every request of an authenticated user, by user id.</summary>
    public TokenBucketSettings User { get; set; } = new() { PermitLimit = 600, TokensPerPeriod = 100, ReplenishmentPeriodSeconds = 1 };

    /// <summary>Every request without a valid token, by client address.</summary>
    public TokenBucketSettings Anonymous { get; set; } = new() { PermitLimit = 300, TokensPerPeriod = 10, ReplenishmentPeriodSeconds = 1 };

    /// <summary><c>POST /api/v1/auth/login</c>, by client address (on top of <see cref="Anonymous"/>).</summary>
    public TokenBucketSettings Login { get; set; } = new() { PermitLimit = 100, TokensPerPeriod = 2, ReplenishmentPeriodSeconds = 1 };

    /// <summary>
    /// Failed logins (401) by the e-mail address tried, from any client: once the bucket is empty, logins with that
    /// address are refused with 429 until it refills. Successful logins cost nothing.
    /// </summary>
    public TokenBucketSettings LoginFailures { get; set; } = new() { PermitLimit = 10, TokensPerPeriod = 1, ReplenishmentPeriodSeconds = 30 };

    /// <summary><c>POST /api/v1/auth/register</c>, by client address (on top of <see cref="Anonymous"/>).</summary>
    public TokenBucketSettings Register { get; set; } = new() { PermitLimit = 100, TokensPerPeriod = 1, ReplenishmentPeriodSeconds = 1 };

    /// <summary>Scan protection: too many 404 answers to one client block it for a while.</summary>
    public NotFoundScanSettings NotFound { get; set; } = new();
}

/// <summary>A token bucket: <see cref="PermitLimit"/> requests at once, refilled by <see cref="TokensPerPeriod"/> every period.</summary>
public sealed class TokenBucketSettings
{
    /// <summary>The bucket's size: the largest burst, and what <c>RateLimit-Limit</c> reports.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>Tokens added every <see cref="ReplenishmentPeriodSeconds"/>.</summary>
    public int TokensPerPeriod { get; set; } = 10;

    public int ReplenishmentPeriodSeconds { get; set; } = 1;

    /// <summary>Requests that wait for a token instead of being refused at once (0: none wait).</summary>
    public int QueueLimit { get; set; }

    internal string? Problem(string name) =>
        PermitLimit is < 1 or > 1_000_000 ? $"RateLimiting:{name}:PermitLimit must be between 1 and 1000000."
        : TokensPerPeriod < 1 || TokensPerPeriod > PermitLimit ? $"RateLimiting:{name}:TokensPerPeriod must be between 1 and PermitLimit."
        : ReplenishmentPeriodSeconds is < 1 or > 86_400 ? $"RateLimiting:{name}:ReplenishmentPeriodSeconds must be between 1 and 86400."
        : QueueLimit is < 0 or > 10_000 ? $"RateLimiting:{name}:QueueLimit must be between 0 and 10000."
        : null;
}

/// <summary>More than <see cref="PermitLimit"/> 404 answers within <see cref="WindowSeconds"/> block the client for <see cref="BlockSeconds"/>.</summary>
public sealed class NotFoundScanSettings
{
    public int PermitLimit { get; set; } = 100;

    public int WindowSeconds { get; set; } = 60;

    public int BlockSeconds { get; set; } = 60;

    internal string? Problem() =>
        PermitLimit is < 1 or > 1_000_000 ? "RateLimiting:NotFound:PermitLimit must be between 1 and 1000000."
        : WindowSeconds is < 1 or > 86_400 ? "RateLimiting:NotFound:WindowSeconds must be between 1 and 86400."
        : BlockSeconds is < 1 or > 86_400 ? "RateLimiting:NotFound:BlockSeconds must be between 1 and 86400."
        : null;
}

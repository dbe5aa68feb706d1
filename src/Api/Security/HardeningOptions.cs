namespace PortfolioTracker.Api.Security;

/// <summary>Settings of the <c>Cors</c> section: which browser origins may call the API.</summary>
public sealed class ApiCorsOptions
{
    public const string SectionName = "Cors";

    /// <summary>Origins (<c>https://app.example.com</c>) allowed to call the API from a browser; none by default; <c>*</c> for any.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Whether browsers may send credentials (cookies, TLS client certificates). Not needed for bearer tokens.</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>How long browsers may cache a preflight answer.</summary>
    public int PreflightMaxAgeSeconds { get; set; } = 600;
}

/// <summary>Settings of the <c>Hsts</c> section: the <c>Strict-Transport-Security</c> header outside Development.</summary>
public sealed class HstsSettings
{
    public const string SectionName = "Hsts";

    /// <summary>Send HSTS on HTTPS answers (never in Development, never to localhost).</summary>
    public bool Enabled { get; set; } = true;

    public int MaxAgeDays { get; set; } = 365;

    public bool IncludeSubDomains { get; set; }

    public bool Preload { get; set; }
}

/// <summary>
/// Settings of the <c>ForwardedHeaders</c> section: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Nothing is trusted by default.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies (<c>10.0.0.5</c>, <c>::1</c>).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (<c>10.0.0.0/8</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies (entries of <c>X-Forwarded-For</c>, right to left) are unwound at most.</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Whether any proxy is trusted at all.</summary>
    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

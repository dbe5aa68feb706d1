namespace PortfolioTracker.Api.Contracts;

/// <summary>Body of <c>POST /auth/register</c>.</summary>
public sealed class RegisterRequest
{
    /// <summary>3–50 letters, digits or underscores; unique (case-insensitive).</summary>
    public string? Username { get; init; }

    /// <summary>A valid e-mail address; unique (case-insensitive).</summary>
    public string? Email { get; init; }

    /// <summary>At least 8 characters with an upper-case letter and a digit.</summary>
    public string? Password { get; init; }
}

/// <summary>Body of <c>POST /auth/login</c>.</summary>
public sealed class LoginRequest
{
    /// <summary>The e-mail address (case-insensitive).</summary>
    public string? Email { get; init; }

    public string? Password { get; init; }
}

/// <summary>Body of <c>POST /auth/refresh</c> and <c>POST /auth/logout</c>.</summary>
public sealed class RefreshTokenRequest
{
    /// <summary>The refresh token from the last login or refresh.</summary>
    public string? RefreshToken { get; init; }
}

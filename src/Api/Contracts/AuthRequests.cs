using PortfolioTracker.Api.OpenApi;

namespace PortfolioTracker.Api.Contracts;

/// <summary>Body of <c>POST /auth/register</c>.</summary>
public sealed class RegisterRequest
{
    /// <summary>3–50 letters, digits or underscores; unique (case-insensitive).</summary>
    [RequiredField]
    [Pattern("^[A-Za-z0-9_]{3,50}$")]
    [Example("alice")]
    public string? Username { get; init; }

    /// <summary>A valid e-mail address; unique (case-insensitive).</summary>
    [RequiredField]
    [Format("email")]
    [LengthBetween(3, 254)]
    [Example("alice@example.com")]
    public string? Email { get; init; }

    /// <summary>At least 8 characters with an upper-case letter and a digit.</summary>
    [RequiredField]
    [LengthBetween(8, 128)]
    [Format("password")]
    [Example("Passw0rdX")]
    public string? Password { get; init; }
}

/// <summary>Body of <c>POST /auth/login</c>.</summary>
public sealed class LoginRequest
{
    /// <summary>The e-mail address (case-insensitive).</summary>
    [RequiredField]
    [LengthBetween(1, 254)]
    [Example("alice@example.com")]
    public string? Email { get; init; }

    /// <summary>The password.</summary>
    [RequiredField]
    [LengthBetween(1, 128)]
    [Format("password")]
    [Example("Passw0rdX")]
    public string? Password { get; init; }
}

/// <summary>Body of <c>POST /auth/refresh</c> and <c>POST /auth/logout</c>.</summary>
public sealed class RefreshTokenRequest
{
    /// <summary>The refresh token from the last login or refresh.</summary>
    [RequiredField]
    [LengthBetween(1, 512)]
    public string? RefreshToken { get; init; }
}

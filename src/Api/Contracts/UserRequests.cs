using PortfolioTracker.Api.OpenApi;

namespace PortfolioTracker.Api.Contracts;

/// <summary>Body of <c>PUT /users/{id}</c>.</summary>
public sealed class UpdateUserRequest
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

    /// <summary><c>user</c> or <c>admin</c>; omit to keep the current role. Only an admin may change it.</summary>
    [Values("user", "admin")]
    public string? Role { get; init; }
}

namespace PortfolioTracker.Api.Contracts;

/// <summary>Body of <c>PUT /users/{id}</c>.</summary>
public sealed class UpdateUserRequest
{
    /// <summary>Required.</summary>
    public string? Username { get; init; }

    /// <summary>Required.</summary>
    public string? Email { get; init; }

    /// <summary><c>user</c> or <c>admin</c>; omit to keep the current role. Only an admin may change it.</summary>
    public string? Role { get; init; }
}

using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Infrastructure.Persistence.Users;

/// <summary>A <c>users</c> row as Dapper reads it.</summary>
internal sealed class UserRow
{
    public Guid Id { get; init; }

    public string Username { get; init; } = string.Empty;

    public string Email { get; init; } = string.Empty;

    public string PasswordHash { get; init; } = string.Empty;

    public string Role { get; init; } = string.Empty;

    public string SecurityStamp { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public DateTime? DeletedAt { get; init; }

    public int Version { get; init; }

    public User ToUser() => User.Rehydrate(
        Id,
        Domain.Users.Username.Create(Username).Value,
        EmailAddress.Create(Email).Value,
        PasswordHash,
        ParseRole(Role),
        SecurityStamp,
        SqlTime.Utc(CreatedAt),
        SqlTime.Utc(UpdatedAt),
        SqlTime.Utc(DeletedAt),
        Version);

    public UserDto ToDto() =>
        new(Id, Username, Email, Role, SqlTime.Utc(CreatedAt), SqlTime.Utc(UpdatedAt)) { Version = Version };

    public static UserRole ParseRole(string role) =>
        UserRoleNames.TryParse(role, out var parsed) ? parsed : throw new InvalidOperationException($"Unknown role '{role}' in the database.");
}

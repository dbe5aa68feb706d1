using System.Text.Json.Serialization;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Users;

/// <summary>A user as clients see it: never a password hash or security stamp.</summary>
public sealed record UserDto(Guid Id, string Username, string Email, string Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The concurrency version, sent as the ETag header rather than in the body.</summary>
    [JsonIgnore]
    public int Version { get; init; }

    public static UserDto From(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new UserDto(user.Id, user.Username.Value, user.Email.Value, UserRoleNames.ToName(user.Role), user.CreatedAt, user.UpdatedAt)
        {
            Version = user.Version,
        };
    }
}

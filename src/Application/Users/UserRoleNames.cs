using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Users;

/// <summary>The wire names of <see cref="UserRole"/>: <c>user</c> and <c>admin</c>.</summary>
public static class UserRoleNames
{
    public const string User = "user";
    public const string Admin = "admin";

    public static string ToName(UserRole role) => role switch
    {
        UserRole.User => User,
        UserRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    public static bool TryParse(string? name, out UserRole role)
    {
        switch (name)
        {
            case User:
                role = UserRole.User;
                return true;
            case Admin:
                role = UserRole.Admin;
                return true;
            default:
                role = default;
                return false;
        }
    }
}

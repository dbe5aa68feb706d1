using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Common.Interfaces;

/// <summary>What an access token is checked against on every request.</summary>
public sealed record UserSession(Guid UserId, UserRole Role, string SecurityStamp);

/// <summary>
/// Looks up the live session state of a user (cached briefly). A token whose user is gone or whose security stamp
/// is older than the user's current one is refused.
/// </summary>
public interface IUserSessions
{
    /// <summary>The user's current session state, or null when the user does not exist or was deleted.</summary>
    Task<UserSession?> FindAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Forgets what is cached for <paramref name="userId"/> (call after a committed change).</summary>
    void Invalidate(Guid userId);
}

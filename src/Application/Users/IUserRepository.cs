using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Users;

/// <summary>Loads and stores the <see cref="User"/> aggregate inside the current unit of work.</summary>
public interface IUserRepository
{
    /// <summary>The live (not deleted) user, locked for update until the transaction ends; null when absent.</summary>
    Task<User?> FindByIdForUpdateAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The live user with this normalized e-mail address; null when absent.</summary>
    Task<User?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>True when a live user has this normalized username.</summary>
    Task<bool> UsernameExistsAsync(string normalizedUsername, CancellationToken cancellationToken);

    /// <summary>Inserts a new user; a taken e-mail or username comes back as a conflict.</summary>
    Task<Result> AddAsync(User user, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a changed user, provided nobody stored another change since it was loaded (its version before the
    /// change is <paramref name="loadedVersion"/>); a taken e-mail or username comes back as a conflict.
    /// </summary>
    Task<Result> UpdateAsync(User user, int loadedVersion, CancellationToken cancellationToken);
}

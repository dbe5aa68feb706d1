using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.Users;

/// <summary>The read side of users.</summary>
public interface IUserQueries
{
    /// <summary>A live user, or null.</summary>
    Task<UserDto?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Live users, newest first.</summary>
    Task<Page<UserDto>> ListAsync(PageRequest page, CancellationToken cancellationToken);
}

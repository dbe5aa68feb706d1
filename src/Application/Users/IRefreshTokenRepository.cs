using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Users;

/// <summary>Stores refresh tokens (by hash) inside the current unit of work.</summary>
public interface IRefreshTokenRepository
{
    /// <summary>The token with this hash, locked until the transaction ends, so one token is spent once.</summary>
    Task<RefreshToken?> FindByHashForUpdateAsync(string tokenHash, CancellationToken cancellationToken);

    Task AddAsync(RefreshToken token, CancellationToken cancellationToken);

    /// <summary>Stores the spent/revoked marks of a token.</summary>
    Task UpdateAsync(RefreshToken token, CancellationToken cancellationToken);

    /// <summary>Revokes every token of one login session.</summary>
    Task RevokeFamilyAsync(Guid familyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes every token of a user (deletion).</summary>
    Task RevokeAllOfUserAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken);
}

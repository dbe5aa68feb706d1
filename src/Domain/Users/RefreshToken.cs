using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Users;

/// <summary>
/// One refresh token of a login session ("family"). A token can be exchanged exactly once; presenting it again
/// means it leaked, so the whole family is revoked. Only a hash of the secret is stored.
/// </summary>
public sealed class RefreshToken
{
    private RefreshToken(
        Guid id,
        Guid userId,
        Guid familyId,
        string tokenHash,
        DateTimeOffset createdAt,
        DateTimeOffset expiresAt,
        DateTimeOffset? usedAt,
        DateTimeOffset? revokedAt)
    {
        Id = id;
        UserId = userId;
        FamilyId = familyId;
        TokenHash = tokenHash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        UsedAt = usedAt;
        RevokedAt = revokedAt;
    }

    public Guid Id { get; }

    public Guid UserId { get; }

    public Guid FamilyId { get; }

    public string TokenHash { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public DateTimeOffset? UsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Starts a new session for <paramref name="userId"/>.</summary>
    public static RefreshToken Issue(Guid id, Guid userId, string tokenHash, DateTimeOffset now, TimeSpan lifetime) =>
        new(id, userId, familyId: id, tokenHash, now, now + lifetime, null, null);

    public static RefreshToken Rehydrate(
        Guid id,
        Guid userId,
        Guid familyId,
        string tokenHash,
        DateTimeOffset createdAt,
        DateTimeOffset expiresAt,
        DateTimeOffset? usedAt,
        DateTimeOffset? revokedAt) =>
        new(id, userId, familyId, tokenHash, createdAt, expiresAt, usedAt, revokedAt);

    /// <summary>
    /// Spends this token and returns its successor in the same family. A token already spent yields
    /// <see cref="UserErrors.RefreshTokenReused"/> (the caller must then revoke the family); a revoked or expired
    /// one yields <see cref="UserErrors.InvalidRefreshToken"/>.
    /// </summary>
    public Result<RefreshToken> Rotate(Guid successorId, string successorHash, DateTimeOffset now, TimeSpan lifetime)
    {
        if (RevokedAt is not null)
        {
            return UserErrors.InvalidRefreshToken;
        }

        if (UsedAt is not null)
        {
            return UserErrors.RefreshTokenReused;
        }

        if (now >= ExpiresAt)
        {
            return UserErrors.InvalidRefreshToken;
        }

        UsedAt = now;
        return new RefreshToken(successorId, UserId, FamilyId, successorHash, now, now + lifetime, null, null);
    }

    /// <summary>Makes the token unusable (logout).</summary>
    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}

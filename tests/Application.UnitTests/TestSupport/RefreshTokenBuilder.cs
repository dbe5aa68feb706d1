using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>Builds a stored refresh token: by default fresh, unused, unrevoked and valid for a week.</summary>
internal sealed class RefreshTokenBuilder
{
    public static readonly DateTimeOffset DefaultCreatedAt = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private Guid id = Guid.NewGuid();
    private Guid userId = Guid.NewGuid();
    private Guid? familyId;
    private string tokenHash = "token-hash";
    private DateTimeOffset createdAt = DefaultCreatedAt;
    private DateTimeOffset expiresAt = DefaultCreatedAt.AddDays(7);
    private DateTimeOffset? usedAt;
    private DateTimeOffset? revokedAt;

    public RefreshTokenBuilder WithId(Guid value)
    {
        id = value;
        return this;
    }

    public RefreshTokenBuilder WithTokenHash(string value)
    {
        tokenHash = value;
        return this;
    }

    public RefreshTokenBuilder CreatedAt(DateTimeOffset value)
    {
        createdAt = value;
        return this;
    }

    public RefreshTokenBuilder WithUserId(Guid value)
    {
        userId = value;
        return this;
    }

    public RefreshTokenBuilder WithFamilyId(Guid value)
    {
        familyId = value;
        return this;
    }

    public RefreshTokenBuilder ExpiringAt(DateTimeOffset value)
    {
        expiresAt = value;
        return this;
    }

    public RefreshTokenBuilder UsedAt(DateTimeOffset value)
    {
        usedAt = value;
        return this;
    }

    public RefreshTokenBuilder RevokedAt(DateTimeOffset value)
    {
        revokedAt = value;
        return this;
    }

    public RefreshToken Build() =>
        RefreshToken.Rehydrate(id, userId, familyId ?? id, tokenHash, createdAt, expiresAt, usedAt, revokedAt);
}

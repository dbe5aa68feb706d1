using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>Builds a stored (rehydrated) user with sensible defaults; override only what a test is about.</summary>
internal sealed class UserBuilder
{
    public static readonly DateTimeOffset DefaultCreatedAt = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private Guid id = Guid.NewGuid();
    private string username = "alice";
    private string email = "alice@example.com";
    private string passwordHash = "hash-v1";
    private UserRole role = UserRole.User;
    private string securityStamp = "stamp-0";
    private DateTimeOffset createdAt = DefaultCreatedAt;
    private DateTimeOffset updatedAt = DefaultCreatedAt;
    private DateTimeOffset? deletedAt;
    private int version = 1;

    public UserBuilder WithId(Guid value)
    {
        id = value;
        return this;
    }

    public UserBuilder WithUsername(string value)
    {
        username = value;
        return this;
    }

    public UserBuilder WithEmail(string value)
    {
        email = value;
        return this;
    }

    public UserBuilder WithPasswordHash(string value)
    {
        passwordHash = value;
        return this;
    }

    public UserBuilder WithRole(UserRole value)
    {
        role = value;
        return this;
    }

    public UserBuilder AsAdmin() => WithRole(UserRole.Admin);

    public UserBuilder WithSecurityStamp(string value)
    {
        securityStamp = value;
        return this;
    }

    public UserBuilder WithVersion(int value)
    {
        version = value;
        return this;
    }

    public UserBuilder WithCreatedAt(DateTimeOffset value)
    {
        createdAt = value;
        return this;
    }

    public UserBuilder WithUpdatedAt(DateTimeOffset value)
    {
        updatedAt = value;
        return this;
    }

    public UserBuilder DeletedAt(DateTimeOffset value)
    {
        deletedAt = value;
        return this;
    }

    public User Build() => User.Rehydrate(
        id,
        Username.Create(username).Value,
        EmailAddress.Create(email).Value,
        passwordHash,
        role,
        securityStamp,
        createdAt,
        updatedAt,
        deletedAt,
        version);
}

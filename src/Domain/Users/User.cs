using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Users;

/// <summary>
/// A person who can log in. Changing the role, the password or deleting the user renews the
/// <see cref="SecurityStamp"/>, which invalidates every access token issued before.
/// </summary>
public sealed class User
{
    private User(
        Guid id,
        Username username,
        EmailAddress email,
        string passwordHash,
        UserRole role,
        string securityStamp,
        DateTimeOffset createdAt,
        DateTimeOffset updatedAt,
        DateTimeOffset? deletedAt,
        int version)
    {
        Id = id;
        Username = username;
        Email = email;
        PasswordHash = passwordHash;
        Role = role;
        SecurityStamp = securityStamp;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        DeletedAt = deletedAt;
        Version = version;
    }

    public Guid Id { get; }

    public Username Username { get; private set; }

    public EmailAddress Email { get; private set; }

    public string PasswordHash { get; private set; }

    public UserRole Role { get; private set; }

    public string SecurityStamp { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>Increases with every change; the API exposes it as the ETag.</summary>
    public int Version { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    public bool IsAdmin => Role == UserRole.Admin;

    public static User Register(Guid id, Username username, EmailAddress email, string passwordHash, UserRole role, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return new User(id, username, email, passwordHash, role, NewStamp(), now, now, null, 1);
    }

    /// <summary>Rebuilds a user from storage; no rule runs here.</summary>
    public static User Rehydrate(
        Guid id,
        Username username,
        EmailAddress email,
        string passwordHash,
        UserRole role,
        string securityStamp,
        DateTimeOffset createdAt,
        DateTimeOffset updatedAt,
        DateTimeOffset? deletedAt,
        int version) =>
        new(id, username, email, passwordHash, role, securityStamp, createdAt, updatedAt, deletedAt, version);

    /// <summary>True when <paramref name="actor"/> may read or change this user (themself, or an admin).</summary>
    public bool IsVisibleTo(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return !IsDeleted && actor.CanAccess(Id);
    }

    /// <summary>
    /// Replaces username and e-mail; changes the role when <paramref name="role"/> differs from the current one,
    /// which only an admin may do. Anyone but the user themself or an admin is told the user does not exist.
    /// </summary>
    public Result Update(Username username, EmailAddress email, UserRole? role, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        EnsureNotDeleted();
        if (!IsVisibleTo(actor))
        {
            return UserErrors.NotFound;
        }

        var roleChanges = role is { } requested && requested != Role;
        if (roleChanges && !actor.IsAdmin)
        {
            return UserErrors.RoleChangeForbidden;
        }

        if (username == Username && email == Email && !roleChanges)
        {
            return Result.Success();
        }

        Username = username;
        Email = email;
        if (roleChanges)
        {
            Role = role!.Value;
            SecurityStamp = NewStamp();
        }

        Touch(now);
        return Result.Success();
    }

    /// <summary>Sets a new password hash and logs the user out everywhere.</summary>
    public void ChangePassword(string passwordHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        EnsureNotDeleted();
        PasswordHash = passwordHash;
        SecurityStamp = NewStamp();
        Touch(now);
    }

    /// <summary>Replaces a hash with an equivalent one (a stronger hashing format); the session stays valid.</summary>
    public void UpgradePasswordHash(string passwordHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        PasswordHash = passwordHash;
    }

    /// <summary>Grants the admin role (used by the configured bootstrap admin).</summary>
    public void PromoteToAdmin(DateTimeOffset now)
    {
        EnsureNotDeleted();
        if (Role == UserRole.Admin)
        {
            return;
        }

        Role = UserRole.Admin;
        SecurityStamp = NewStamp();
        Touch(now);
    }

    /// <summary>Soft-deletes the user: their tokens stop working and their e-mail and username become free again.</summary>
    public void Delete(DateTimeOffset now)
    {
        EnsureNotDeleted();
        DeletedAt = now;
        SecurityStamp = NewStamp();
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    private void EnsureNotDeleted()
    {
        if (IsDeleted)
        {
            throw new InvalidOperationException($"User {Id} is deleted and cannot change.");
        }
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}

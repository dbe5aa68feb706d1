using Dapper;
using Npgsql;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Infrastructure.Persistence.Users;

internal sealed class UserRepository(DbSession session) : IUserRepository
{
    private const string SelectUser =
        """
        SELECT id, username, email, password_hash AS PasswordHash, role, security_stamp AS SecurityStamp,
               created_at AS CreatedAt, updated_at AS UpdatedAt, deleted_at AS DeletedAt, version
        FROM users
        """;

    public async Task<User?> FindByIdForUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            SelectUser + " WHERE id = @id AND deleted_at IS NULL FOR UPDATE",
            new { id },
            session.Transaction,
            cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    public async Task<User?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            SelectUser + " WHERE email_normalized = @normalizedEmail AND deleted_at IS NULL",
            new { normalizedEmail },
            session.Transaction,
            cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    public async Task<bool> UsernameExistsAsync(string normalizedUsername, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM users WHERE username_normalized = @normalizedUsername AND deleted_at IS NULL)",
            new { normalizedUsername },
            session.Transaction,
            cancellationToken: cancellationToken));
    }

    public async Task<Result> AddAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var connection = await session.ConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO users (id, username, username_normalized, email, email_normalized, password_hash, role,
                                   security_stamp, created_at, updated_at, deleted_at, version)
                VALUES (@Id, @Username, @UsernameNormalized, @Email, @EmailNormalized, @PasswordHash, @Role,
                        @SecurityStamp, @CreatedAt, @UpdatedAt, @DeletedAt, @Version)
                """,
                Parameters(user),
                session.Transaction,
                cancellationToken: cancellationToken));
            return Result.Success();
        }
        catch (PostgresException exception) when (ConflictOf(exception) is { } conflict)
        {
            return conflict;
        }
    }

    public async Task<Result> UpdateAsync(User user, int loadedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var connection = await session.ConnectionAsync(cancellationToken);
        try
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE users
                SET username = @Username, username_normalized = @UsernameNormalized,
                    email = @Email, email_normalized = @EmailNormalized,
                    password_hash = @PasswordHash, role = @Role, security_stamp = @SecurityStamp,
                    updated_at = @UpdatedAt, deleted_at = @DeletedAt, version = @Version
                WHERE id = @Id AND version = @LoadedVersion
                """,
                new DynamicParameters(Parameters(user)).With(new { LoadedVersion = loadedVersion }),
                session.Transaction,
                cancellationToken: cancellationToken));
            return updated == 1 ? Result.Success() : UserErrors.VersionMismatch;
        }
        catch (PostgresException exception) when (ConflictOf(exception) is { } conflict)
        {
            return conflict;
        }
    }

    private static Error? ConflictOf(PostgresException exception) => UniqueViolation.ConstraintOf(exception) switch
    {
        "users_email_normalized_key" => UserErrors.EmailTaken,
        "users_username_normalized_key" => UserErrors.UsernameTaken,
        _ => null,
    };

    private static object Parameters(User user) => new
    {
        user.Id,
        Username = user.Username.Value,
        UsernameNormalized = user.Username.Normalized,
        Email = user.Email.Value,
        EmailNormalized = user.Email.Normalized,
        user.PasswordHash,
        Role = UserRoleNames.ToName(user.Role),
        user.SecurityStamp,
        user.CreatedAt,
        user.UpdatedAt,
        user.DeletedAt,
        user.Version,
    };
}

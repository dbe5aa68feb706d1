using Dapper;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Infrastructure.Persistence.Users;

internal sealed class RefreshTokenRepository(DbSession session) : IRefreshTokenRepository
{
    public async Task<RefreshToken?> FindByHashForUpdateAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RefreshTokenRow>(new CommandDefinition(
            """
            SELECT id, user_id AS UserId, family_id AS FamilyId, token_hash AS TokenHash, created_at AS CreatedAt,
                   expires_at AS ExpiresAt, used_at AS UsedAt, revoked_at AS RevokedAt
            FROM refresh_tokens
            WHERE token_hash = @tokenHash
            FOR UPDATE
            """,
            new { tokenHash },
            session.Transaction,
            cancellationToken: cancellationToken));
        return row?.ToToken();
    }

    public async Task AddAsync(RefreshToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at, used_at, revoked_at)
            VALUES (@Id, @UserId, @FamilyId, @TokenHash, @CreatedAt, @ExpiresAt, @UsedAt, @RevokedAt)
            """,
            new { token.Id, token.UserId, token.FamilyId, token.TokenHash, token.CreatedAt, token.ExpiresAt, token.UsedAt, token.RevokedAt },
            session.Transaction,
            cancellationToken: cancellationToken));
    }

    public async Task UpdateAsync(RefreshToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET used_at = @UsedAt, revoked_at = @RevokedAt WHERE id = @Id",
            new { token.Id, token.UsedAt, token.RevokedAt },
            session.Transaction,
            cancellationToken: cancellationToken));
    }

    public async Task RevokeFamilyAsync(Guid familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @now WHERE family_id = @familyId AND revoked_at IS NULL",
            new { familyId, now },
            session.Transaction,
            cancellationToken: cancellationToken));
    }

    public async Task RevokeAllOfUserAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL",
            new { userId, now },
            session.Transaction,
            cancellationToken: cancellationToken));
    }

    private sealed class RefreshTokenRow
    {
        public Guid Id { get; init; }

        public Guid UserId { get; init; }

        public Guid FamilyId { get; init; }

        public string TokenHash { get; init; } = string.Empty;

        public DateTime CreatedAt { get; init; }

        public DateTime ExpiresAt { get; init; }

        public DateTime? UsedAt { get; init; }

        public DateTime? RevokedAt { get; init; }

        public RefreshToken ToToken() => RefreshToken.Rehydrate(
            Id, UserId, FamilyId, TokenHash, SqlTime.Utc(CreatedAt), SqlTime.Utc(ExpiresAt), SqlTime.Utc(UsedAt), SqlTime.Utc(RevokedAt));
    }
}

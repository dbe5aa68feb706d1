using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Infrastructure.Persistence.Users;

namespace PortfolioTracker.Infrastructure.Identity;

/// <summary>
/// The live session state of users, read from the database and cached briefly per instance (absent users too),
/// so checking a token on every request rarely costs a query.
/// </summary>
internal sealed class UserSessions(NpgsqlDataSource dataSource, IOptions<JwtOptions> options) : IUserSessions, IDisposable
{
    private static readonly object Missing = new();
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public async Task<UserSession?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(userId, out var cached))
        {
            return cached as UserSession;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            "SELECT role, security_stamp AS SecurityStamp FROM users WHERE id = @userId AND deleted_at IS NULL",
            new { userId },
            cancellationToken: cancellationToken));
        var session = row is null ? null : new UserSession(userId, UserRow.ParseRole(row.Role), row.SecurityStamp);
        var seconds = options.Value.SessionCacheSeconds;
        if (seconds > 0)
        {
            cache.Set(userId, (object?)session ?? Missing, new MemoryCacheEntryOptions
            {
                Size = 1,
                AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds),
            });
        }

        return session;
    }

    public void Invalidate(Guid userId) => cache.Remove(userId);

    public void Dispose() => cache.Dispose();

    private sealed class SessionRow
    {
        public string Role { get; init; } = string.Empty;

        public string SecurityStamp { get; init; } = string.Empty;
    }
}

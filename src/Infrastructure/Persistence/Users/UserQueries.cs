using Dapper;
using Npgsql;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Infrastructure.Persistence.Users;

internal sealed class UserQueries(NpgsqlDataSource dataSource) : IUserQueries
{
    private const string SelectUser =
        """
        SELECT id, username, email, role, created_at AS CreatedAt, updated_at AS UpdatedAt, version
        FROM users
        WHERE deleted_at IS NULL
        """;

    public async Task<UserDto?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            SelectUser + " AND id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToDto();
    }

    public async Task<Page<UserDto>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var sql = SelectUser
            + (page.After is null ? string.Empty : " AND (created_at, id) < (@afterAt, @afterId)")
            + " ORDER BY created_at DESC, id DESC LIMIT @take";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(
            sql,
            new { afterAt = page.After?.At, afterId = page.After?.Id, take = page.Limit + 1 },
            cancellationToken: cancellationToken));
        return PaginationRules.ToPage(rows.Select(r => r.ToDto()).ToList(), page.Limit, u => new PageCursor(u.CreatedAt, u.Id));
    }
}

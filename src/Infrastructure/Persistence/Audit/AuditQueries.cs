using System.Text.Json;
using Dapper;
using Npgsql;
using PortfolioTracker.Application.Audit;
using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Infrastructure.Persistence.Audit;

internal sealed class AuditQueries(NpgsqlDataSource dataSource) : IAuditQueries
{
    public async Task<Page<AuditEntryDto>> ListAsync(AuditFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var conditions = new List<string> { "true" };
        if (filter.UserId is not null)
        {
            conditions.Add("(actor_id = @userId OR subject_user_id = @userId)");
        }

        if (filter.EntityType is not null)
        {
            conditions.Add("entity_type = @entityType");
        }

        if (filter.EntityId is not null)
        {
            conditions.Add("entity_id = @entityId");
        }

        if (filter.Action is not null)
        {
            conditions.Add("action = @action");
        }

        if (filter.From is not null)
        {
            conditions.Add("occurred_at >= @from");
        }

        if (filter.To is not null)
        {
            conditions.Add("occurred_at <= @to");
        }

        if (page.After is not null)
        {
            conditions.Add("(occurred_at, id) < (@afterAt, @afterId)");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT id, occurred_at AS OccurredAt, actor_id AS ActorId, action, entity_type AS EntityType, entity_id AS EntityId,
                   subject_user_id AS SubjectUserId, outcome, code, client_ip AS ClientIp, trace_id AS TraceId,
                   before::text AS Before, after::text AS After
            FROM audit_log
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY occurred_at DESC, id DESC
            LIMIT @take
            """,
            new
            {
                userId = filter.UserId,
                entityType = filter.EntityType,
                entityId = filter.EntityId,
                action = filter.Action,
                from = filter.From,
                to = filter.To,
                afterAt = page.After?.At,
                afterId = page.After?.Id,
                take = page.Limit + 1,
            },
            cancellationToken: cancellationToken));
        var items = rows.Select(r => r.ToDto()).ToList();
        return PaginationRules.ToPage(items, page.Limit, e => new PageCursor(e.OccurredAt, e.Id));
    }

    private sealed class Row
    {
        public Guid Id { get; init; }

        public DateTime OccurredAt { get; init; }

        public Guid? ActorId { get; init; }

        public string Action { get; init; } = string.Empty;

        public string EntityType { get; init; } = string.Empty;

        public string? EntityId { get; init; }

        public Guid? SubjectUserId { get; init; }

        public string Outcome { get; init; } = string.Empty;

        public string? Code { get; init; }

        public string? ClientIp { get; init; }

        public string? TraceId { get; init; }

        public string? Before { get; init; }

        public string? After { get; init; }

        public AuditEntryDto ToDto() => new(
            Id,
            SqlTime.Utc(OccurredAt),
            ActorId,
            Action,
            EntityType,
            EntityId,
            SubjectUserId,
            Outcome,
            Code,
            ClientIp,
            TraceId,
            Parse(Before),
            Parse(After));

        private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
    }
}

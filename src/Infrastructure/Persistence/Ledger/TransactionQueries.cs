using Dapper;
using Npgsql;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Infrastructure.Persistence.Ledger;

internal sealed class TransactionQueries(NpgsqlDataSource dataSource) : ITransactionQueries
{
    private const string TradeDecimals =
        """
        LEFT JOIN assets ta ON ta.code = t.trade_asset
        LEFT JOIN assets tq ON tq.code = t.trade_quote_asset
        """;

    private const string TradeDecimalColumns = "ta.decimals AS TradeAssetDecimals, tq.decimals AS TradeQuoteDecimals";

    public async Task<TransactionView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TransactionRow>(new CommandDefinition(
            $"SELECT {TransactionRow.Columns}, {TradeDecimalColumns} FROM transactions t {TradeDecimals} WHERE t.id = @id",
            new { id },
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var postings = await PostingsAsync(connection, [id], cancellationToken);
        return ToView(row, postings[id]);
    }

    public async Task<Page<TransactionView>> ListAsync(
        IReadOnlyCollection<Guid> accountIds, TransactionFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        if (accountIds.Count == 0)
        {
            return new Page<TransactionView>([], null);
        }

        // Walk the accounts' postings newest first; a transaction between two of these accounts is counted at its
        // first such leg only.
        var conditions = new List<string>
        {
            "p.account_id = ANY(@accounts)",
            "NOT EXISTS (SELECT 1 FROM postings q WHERE q.transaction_id = p.transaction_id AND q.leg < p.leg AND q.account_id = ANY(@accounts))",
        };
        if (filter.Type is not null)
        {
            conditions.Add("t.type = @type");
        }

        if (filter.Status is not null)
        {
            conditions.Add("t.status = @status");
        }

        if (filter.From is not null)
        {
            conditions.Add("p.created_at >= @from");
        }

        if (filter.To is not null)
        {
            conditions.Add("p.created_at <= @to");
        }

        if (page.After is not null)
        {
            conditions.Add("(p.created_at, p.transaction_id) < (@afterAt, @afterId)");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<TransactionRow>(new CommandDefinition(
            $"""
            SELECT {TransactionRow.Columns}, {TradeDecimalColumns}
            FROM postings p
            JOIN transactions t ON t.id = p.transaction_id
            {TradeDecimals}
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY p.created_at DESC, p.transaction_id DESC
            LIMIT @take
            """,
            new
            {
                accounts = accountIds.ToArray(),
                type = filter.Type,
                status = filter.Status,
                from = filter.From,
                to = filter.To,
                afterAt = page.After?.At,
                afterId = page.After?.Id,
                take = page.Limit + 1,
            },
            cancellationToken: cancellationToken))).ToList();

        var postings = await PostingsAsync(connection, [.. rows.Select(r => r.Id)], cancellationToken);
        var views = rows.Select(r => ToView(r, postings[r.Id])).ToList();
        return PaginationRules.ToPage(views, page.Limit, v => new PageCursor(v.Transaction.CreatedAt, v.Transaction.Id));
    }

    private static async Task<ILookup<Guid, PostingRow>> PostingsAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<PostingRow>(new CommandDefinition(
            $"SELECT {PostingRow.Columns} FROM {PostingRow.From} WHERE p.transaction_id = ANY(@ids) ORDER BY p.transaction_id, p.leg",
            new { ids },
            cancellationToken: cancellationToken));
        return rows.ToLookup(p => p.TransactionId);
    }

    private static TransactionView ToView(TransactionRow row, IEnumerable<PostingRow> postings)
    {
        var lines = postings.ToList();
        var dto = new TransactionDto(
            row.Id,
            row.Type,
            row.Status,
            [.. lines.Select(p => new PostingDto(
                p.AccountId,
                p.Asset,
                DecimalAmount.Format(p.Amount, p.Decimals),
                p.BalanceAfterText))],
            row.Description,
            SqlTime.Utc(row.CreatedAt),
            row.CreatedBy,
            row.ReversalOf,
            row.ReversedBy,
            row.TradeSide is null ? null : new TradeDto(
                row.TradeSide,
                row.TradeAsset!,
                DecimalAmount.Format(row.TradeQuantity!.Value, row.TradeAssetDecimals!.Value),
                row.TradeQuoteAsset!,
                DecimalAmount.FormatNormalized(row.TradePrice!.Value),
                DecimalAmount.Format(row.TradeQuoteAmount!.Value, row.TradeQuoteDecimals!.Value),
                DecimalAmount.Format(row.TradeFee!.Value, row.TradeQuoteDecimals!.Value),
                DecimalAmount.Format(row.TradeTotal!.Value, row.TradeQuoteDecimals!.Value)),
            row.UnitCostAsset is null ? null : new UnitCostDto(row.UnitCostAsset, DecimalAmount.FormatNormalized(row.UnitCostPrice!.Value)));
        return new TransactionView(dto, lines.GroupBy(p => p.AccountId).ToDictionary(g => g.Key, g => g.First().OwnerId));
    }
}

using Dapper;
using Npgsql;
using NpgsqlTypes;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Infrastructure.Persistence.Ledger;

internal sealed class LedgerRepository(DbSession session, IAssetCatalog catalog) : ILedgerRepository
{
    public async Task<BalanceSheet> LockBalancesAsync(IReadOnlyList<BalanceKey> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ordered = keys.Distinct().Order().ToList();
        if (ordered.Count == 0)
        {
            return new BalanceSheet([]);
        }

        var accountIds = ordered.Select(k => k.AccountId).ToArray();
        var assets = ordered.Select(k => k.Asset.Value).ToArray();
        var connection = await session.ConnectionAsync(cancellationToken);

        // One round trip: create the balances that do not exist yet, then lock all of them in the global order.
        await using var batch = new NpgsqlBatch(connection, session.Transaction);
        var create = new NpgsqlBatchCommand(CommandSql.CreateBalances);
        create.Parameters.Add(new NpgsqlParameter { Value = accountIds });
        create.Parameters.Add(new NpgsqlParameter { Value = assets });
        create.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(create);

        var lockRows = new NpgsqlBatchCommand(CommandSql.LockBalances(ordered.Count));
        foreach (var key in ordered)
        {
            lockRows.Parameters.Add(new NpgsqlParameter { Value = key.AccountId });
            lockRows.Parameters.Add(new NpgsqlParameter { Value = key.Asset.Value });
        }

        batch.BatchCommands.Add(lockRows);

        var balances = new List<Balance>(ordered.Count);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var asset = await catalog.FindAsync(AssetCode.Parse(reader.GetString(1)), cancellationToken)
                    ?? throw new InvalidOperationException($"Balance of unknown asset {reader.GetString(1)}.");
                balances.Add(Balance.Rehydrate(
                    reader.GetGuid(0),
                    asset,
                    reader.GetDecimal(2),
                    reader.GetDecimal(3),
                    reader.GetInt64(4),
                    SqlTime.Utc(reader.GetDateTime(5))));
            }
        }

        if (balances.Count != ordered.Count)
        {
            throw new InvalidOperationException($"Locked {balances.Count} of {ordered.Count} balances.");
        }

        return new BalanceSheet(balances);
    }

    public async Task<Transaction?> FindForUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TransactionRow>(new CommandDefinition(
            $"SELECT {TransactionRow.Columns} FROM transactions t WHERE t.id = @id FOR UPDATE",
            new { id },
            session.Transaction,
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var postings = await connection.QueryAsync<PostingRow>(new CommandDefinition(
            $"SELECT {PostingRow.Columns} FROM {PostingRow.From} WHERE p.transaction_id = @id ORDER BY p.leg",
            new { id },
            session.Transaction,
            cancellationToken: cancellationToken));
        return await row.ToTransactionAsync(postings.ToList(), catalog, cancellationToken);
    }

    public async Task AddAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var trade = transaction.Trade;
        await session.WriteAsync(
            CommandSql.InsertTransaction,
            cancellationToken,
            transaction.Id,
            TransactionDto.TypeName(transaction.Type),
            TransactionDto.StatusName(transaction.Status),
            transaction.Description,
            transaction.CreatedAt,
            transaction.CreatedBy,
            transaction.ReversalOf,
            transaction.ReversedBy,
            transaction.UpdatedAt,
            transaction.Version,
            trade is null ? null : trade.Side == TradeSide.Buy ? "buy" : "sell",
            trade?.Quantity.Code.Value,
            trade?.Quantity.Amount,
            trade?.Fee.Code.Value,
            trade?.Price,
            trade?.QuoteAmount.Amount,
            trade?.Fee.Amount,
            trade?.Settlement.Amount,
            transaction.UnitCost?.Amount,
            transaction.UnitCost?.Code.Value);

        var postings = transaction.Postings;
        await session.WriteAsync(
            CommandSql.InsertPostings,
            cancellationToken,
            transaction.Id,
            transaction.CreatedAt,
            postings.Select(p => (short)p.Leg).ToArray(),
            postings.Select(p => p.AccountId).ToArray(),
            postings.Select(p => p.Amount.Code.Value).ToArray(),
            postings.Select(p => p.Amount.Amount).ToArray(),
            postings.Select(p => p.BalanceAfter).ToArray(),
            postings.Select(p => p.EntrySeq).ToArray(),
            postings.Select(p => p.EffectiveAt?.UtcDateTime).ToArray());
    }

    public async Task UpdateAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = await session.ConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE transactions SET status = @status, reversed_by = @ReversedBy, updated_at = @UpdatedAt, version = @Version
            WHERE id = @Id AND version = @Version - 1
            """,
            new { transaction.Id, status = TransactionDto.StatusName(transaction.Status), transaction.ReversedBy, transaction.UpdatedAt, transaction.Version },
            session.Transaction,
            cancellationToken: cancellationToken));
        if (updated != 1)
        {
            throw new InvalidOperationException($"Transaction {transaction.Id} changed under a row lock.");
        }

        // User postings the domain applied (a posted transfer); world postings are the store's own.
        var applied = transaction.Postings.Where(p => p.IsApplied && !p.IsWorld).ToList();
        await session.WriteAsync(
            """
            UPDATE postings p SET balance_after = v.balance_after, entry_seq = v.entry_seq, effective_at = v.effective_at
            FROM unnest($2::smallint[], $3::numeric[], $4::bigint[], $5::timestamptz[])
                 AS v (leg, balance_after, entry_seq, effective_at)
            WHERE p.transaction_id = $1 AND p.leg = v.leg AND p.entry_seq IS NULL
            """,
            cancellationToken,
            transaction.Id,
            applied.Select(p => (short)p.Leg).ToArray(),
            applied.Select(p => p.BalanceAfter!.Value).ToArray(),
            applied.Select(p => p.EntrySeq!.Value).ToArray(),
            applied.Select(p => p.EffectiveAt!.Value.UtcDateTime).ToArray());
    }

    public async Task ApplyWorldPostingsAsync(Transaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var world = transaction.Postings.Where(p => p.IsWorld && !p.IsApplied).OrderBy(p => p.Amount.Code.Value, StringComparer.Ordinal).ToList();
        if (world.Count == 0)
        {
            return;
        }

        // Create-or-add in asset order (a trade touches two world balances; every transaction takes them in the same
        // order), then record on each world posting the balance after it, its position and its time. Unbounded
        // numeric arithmetic in the database: world balances never pass through a decimal.
        await session.WriteAsync(
            """
            WITH moved AS (
                INSERT INTO balances AS b (account_id, asset, amount, held, entry_count, allow_negative, updated_at)
                SELECT account_id, asset, delta, 0, 1, true, $2
                FROM unnest($3::uuid[], $4::text[], $5::numeric[]) AS w (account_id, asset, delta)
                ORDER BY asset COLLATE "C"
                ON CONFLICT (account_id, asset) DO UPDATE
                SET amount = b.amount + excluded.amount,
                    entry_count = b.entry_count + 1,
                    updated_at = greatest(b.updated_at, excluded.updated_at)
                RETURNING b.account_id, b.asset, b.amount, b.entry_count, b.updated_at
            )
            UPDATE postings p
            SET balance_after = m.amount, entry_seq = m.entry_count, effective_at = m.updated_at
            FROM moved m
            WHERE p.transaction_id = $1 AND p.account_id = m.account_id AND p.asset = m.asset
            """,
            cancellationToken,
            transaction.Id,
            now,
            world.Select(p => p.AccountId).ToArray(),
            world.Select(p => p.Amount.Code.Value).ToArray(),
            world.Select(p => p.Amount.Amount).ToArray());
    }

    public async Task SaveBalancesAsync(BalanceSheet sheet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        foreach (var balance in sheet.Changed)
        {
            await session.WriteAsync(
                CommandSql.UpdateBalance,
                cancellationToken,
                balance.AccountId,
                balance.Asset.Code.Value,
                balance.Amount,
                balance.Held,
                balance.EntryCount,
                balance.UpdatedAt.UtcDateTime);
        }
    }
}

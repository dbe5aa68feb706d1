using System.Text;
using Npgsql;

namespace PortfolioTracker.Infrastructure.Persistence;

/// <summary>
/// The statements a ledger command sends, in one place: the repositories use them, and so does the benchmark's bare
/// transfer (which must send exactly the same SQL), so the two cannot drift apart.
/// </summary>
/// <remarks>
/// Lists of keys are spelled out as parameters (<c>IN ($1, $2)</c>), one statement text per count, not passed as one
/// array (<c>= ANY($1)</c>, <c>unnest($1)</c>): a prepared statement's generic plan cannot know an array parameter's
/// length, so PostgreSQL kept choosing custom plans and planned those statements afresh on every execution (measured:
/// 0.2–0.3 ms each, three per transfer, about a fifth of the database's CPU per transfer). With the count in the text
/// the generic plan is the good one, planned once per pooled connection. Counts up to <see cref="CachedCounts"/> are
/// built once; larger ones (no command touches that many) are built on demand.
/// </remarks>
public static class CommandSql
{
    /// <summary>Counts whose statement texts are built once.</summary>
    public const int CachedCounts = 8;

    /// <summary>Claims an idempotency key: <c>$1</c> user, <c>$2</c> key, <c>$3</c> request hash; one row if claimed.</summary>
    public const string ClaimKey =
        """
        INSERT INTO idempotency_keys (user_id, key, request_hash)
        VALUES ($1, $2, $3)
        ON CONFLICT (user_id, key) DO NOTHING
        """;

    /// <summary>Stores a key's outcome: <c>$1</c> user, <c>$2</c> key, <c>$3</c> the outcome's JSON.</summary>
    public const string CompleteKey = "UPDATE idempotency_keys SET outcome = $3::jsonb WHERE user_id = $1 AND key = $2";

    /// <summary>The account columns <see cref="LockAccounts"/> returns, in this order.</summary>
    public const string AccountColumns =
        "id, owner_id AS OwnerId, name, base_currency AS BaseCurrency, status, created_at AS CreatedAt, updated_at AS UpdatedAt, version";

    /// <summary>The balance columns <see cref="LockBalances"/> returns, in this order.</summary>
    public const string BalanceColumns =
        "account_id AS AccountId, asset, amount, held, entry_count AS EntryCount, updated_at AS UpdatedAt";

    /// <summary>Creates the balances that do not exist yet: <c>$1</c> account ids, <c>$2</c> assets, <c>$3</c> now.</summary>
    /// <remarks>Arrays here are fine: an insert from <c>unnest</c> has one plan whatever their length.</remarks>
    public const string CreateBalances =
        """
        INSERT INTO balances (account_id, asset, allow_negative, updated_at)
        SELECT account_id, asset, false, $3
        FROM unnest($1::uuid[], $2::text[]) AS k (account_id, asset)
        ON CONFLICT (account_id, asset) DO NOTHING
        """;

    /// <summary>
    /// Stores one balance: <c>$1</c> account, <c>$2</c> asset, <c>$3</c> amount, <c>$4</c> held, <c>$5</c> entry count,
    /// <c>$6</c> updated at. One statement per balance (batched): a primary-key update, planned once.
    /// </summary>
    public const string UpdateBalance =
        """
        UPDATE balances SET amount = $3, held = $4, entry_count = $5, updated_at = $6
        WHERE account_id = $1 AND asset = $2
        """;

    /// <summary>Inserts a transaction: its twenty columns as <c>$1</c>…<c>$20</c>, in the order listed.</summary>
    public const string InsertTransaction =
        """
        INSERT INTO transactions (id, type, status, description, created_at, created_by, reversal_of, reversed_by,
                                  updated_at, version, trade_side, trade_asset, trade_quantity, trade_quote_asset,
                                  trade_price, trade_quote_amount, trade_fee, trade_total, unit_cost_price, unit_cost_asset)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
        """;

    /// <summary>
    /// Inserts a transaction's postings: <c>$1</c> transaction, <c>$2</c> created at, then one array per column (leg,
    /// account, asset, amount, balance after, entry sequence, effective at).
    /// </summary>
    public const string InsertPostings =
        """
        INSERT INTO postings (transaction_id, leg, account_id, asset, amount, balance_after, entry_seq, effective_at, created_at)
        SELECT $1, leg, account_id, asset, amount, balance_after, entry_seq, effective_at, $2
        FROM unnest($3::smallint[], $4::uuid[], $5::text[], $6::numeric[], $7::numeric[], $8::bigint[], $9::timestamptz[])
             AS p (leg, account_id, asset, amount, balance_after, entry_seq, effective_at)
        """;

    /// <summary>Inserts an audit entry: its thirteen columns as <c>$1</c>…<c>$13</c>, in the order listed.</summary>
    public const string InsertAuditEntry =
        """
        INSERT INTO audit_log (id, occurred_at, actor_id, action, entity_type, entity_id, subject_user_id,
                               outcome, code, client_ip, trace_id, before, after)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb)
        """;

    private static readonly CountedText LockAccountsTexts = new(BuildLockAccounts);
    private static readonly CountedText LockBalancesTexts = new(BuildLockBalances);

    /// <summary>
    /// Share-locks user accounts (not world accounts) in id order, the accounts' ids as <c>$1</c>…<c>$count</c>; returns
    /// <see cref="AccountColumns"/>. Key-share: a movement must not see an account vanish, but does not block another
    /// movement on it.
    /// </summary>
    public static string LockAccounts(int count) => LockAccountsTexts.For(count);

    /// <summary>
    /// Locks balances for update in the global order (account, then asset in byte order), each key as two parameters
    /// (account id, asset: <c>$1, $2</c>, <c>$3, $4</c>, …); returns <see cref="BalanceColumns"/>.
    /// </summary>
    public static string LockBalances(int count) => LockBalancesTexts.For(count);

    private static string BuildLockAccounts(int count) =>
        $"SELECT {AccountColumns} FROM accounts WHERE id IN ({Parameters(count, 1)}) AND NOT is_world ORDER BY id FOR KEY SHARE";

    private static string BuildLockBalances(int count) =>
        $"""
        SELECT {BalanceColumns}
        FROM balances
        WHERE (account_id, asset) IN ({Parameters(count, 2)})
        ORDER BY account_id, asset COLLATE "C"
        FOR UPDATE
        """;

    /// <summary>
    /// A statement for a batch with positional parameters (<c>$1</c>, …) taking the values in order; null is sent as SQL
    /// NULL. How the unit of work queues its writes, and how the bare transfer builds the same ones.
    /// </summary>
    public static NpgsqlBatchCommand Batched(string sql, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    /// <summary>
    /// A command with positional parameters (<c>$1</c>, …) taking the values in order, on the connection and in the
    /// transaction given; null is sent as SQL NULL. The single-statement twin of <see cref="Batched"/>.
    /// </summary>
    public static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    /// <summary>A positional parameter; null is sent as SQL NULL.</summary>
    public static NpgsqlParameter Parameter(object? value) => new() { Value = value ?? DBNull.Value };

    /// <summary><c>$1, $2, …</c> for one parameter per item, <c>($1, $2), ($3, $4), …</c> for several.</summary>
    internal static string Parameters(int count, int perItem)
    {
        var text = new StringBuilder();
        for (var item = 0; item < count; item++)
        {
            text.Append(item == 0 ? string.Empty : ", ").Append(perItem > 1 ? "(" : string.Empty);
            for (var field = 0; field < perItem; field++)
            {
                text.Append(field == 0 ? "$" : ", $").Append((item * perItem) + field + 1);
            }

            text.Append(perItem > 1 ? ")" : string.Empty);
        }

        return text.ToString();
    }

    /// <summary>
    /// A statement text per count of listed keys, built once for counts up to <see cref="CachedCounts"/> (larger ones on
    /// demand).
    /// </summary>
    internal sealed class CountedText(Func<int, string> build)
    {
        private readonly string[] cached = [.. Enumerable.Range(0, CachedCounts + 1).Select(count => count == 0 ? string.Empty : build(count))];

        public string For(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
            return count <= CachedCounts ? cached[count] : build(count);
        }
    }
}

using Dapper;
using Npgsql;

namespace PortfolioTracker.Api.IntegrationTests.Concurrency;

/// <summary>
/// Checks the ledger's invariants straight in the database: what must hold after any interleaving of operations.
/// Each check returns the rows that break it, so a failure names them.
/// </summary>
public static class LedgerInvariants
{
    public static async Task ShouldAllHoldAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        // 1. Double entry: for every asset the balances of all accounts, world accounts included, sum to zero.
        (await connection.QueryAsync<string>(
            "SELECT asset || ': ' || sum(amount) FROM balances GROUP BY asset HAVING sum(amount) <> 0")).ShouldBeEmpty("per-asset sums");

        // 2. Every transaction's postings balance per asset.
        (await connection.QueryAsync<string>(
            "SELECT transaction_id || '/' || asset FROM postings GROUP BY transaction_id, asset HAVING sum(amount) <> 0")).ShouldBeEmpty("unbalanced transactions");

        // 3. No user balance is negative, and nothing more is held than is there.
        (await connection.QueryAsync<string>(
            "SELECT account_id || '/' || asset FROM balances WHERE NOT allow_negative AND (amount < 0 OR held < 0 OR amount - held < 0)"))
            .ShouldBeEmpty("negative user balances");

        // 4. Every balance equals the sum of its applied postings, and its entry count their number.
        (await connection.QueryAsync<string>(
            """
            SELECT b.account_id || '/' || b.asset || ' balance ' || b.amount || ' postings ' || coalesce(p.total, 0)
            FROM balances b
            LEFT JOIN (SELECT account_id, asset, sum(amount) AS total, count(*) AS n
                       FROM postings WHERE entry_seq IS NOT NULL GROUP BY account_id, asset) p
                   ON p.account_id = b.account_id AND p.asset = b.asset
            WHERE b.amount <> coalesce(p.total, 0) OR b.entry_count <> coalesce(p.n, 0)
            """)).ShouldBeEmpty("balances vs postings");

        // 5. Each balance's chain: positions 1..n without gaps, balance_after = previous + amount, effective times
        //    never decreasing, the last balance_after = the balance.
        (await connection.QueryAsync<string>(
            """
            WITH chain AS (
                SELECT account_id, asset, entry_seq, amount, balance_after, effective_at,
                       lag(balance_after, 1, 0::numeric) OVER w AS previous_after,
                       lag(effective_at) OVER w AS previous_at,
                       row_number() OVER w AS position
                FROM postings
                WHERE entry_seq IS NOT NULL
                WINDOW w AS (PARTITION BY account_id, asset ORDER BY entry_seq)
            )
            SELECT account_id || '/' || asset || ' #' || entry_seq
            FROM chain
            WHERE entry_seq <> position
               OR balance_after <> previous_after + amount
               OR (previous_at IS NOT NULL AND effective_at < previous_at)
            """)).ShouldBeEmpty("balanceAfter chains");
        (await connection.QueryAsync<string>(
            """
            SELECT b.account_id || '/' || b.asset
            FROM balances b
            JOIN LATERAL (SELECT balance_after FROM postings p
                          WHERE p.account_id = b.account_id AND p.asset = b.asset AND p.entry_seq IS NOT NULL
                          ORDER BY p.entry_seq DESC LIMIT 1) last ON true
            WHERE last.balance_after <> b.amount
            """)).ShouldBeEmpty("chain ends vs balances");

        // 6. What is held is exactly what pending transfers reserve.
        (await connection.QueryAsync<string>(
            """
            SELECT b.account_id || '/' || b.asset || ' held ' || b.held || ' pending ' || coalesce(p.total, 0)
            FROM balances b
            LEFT JOIN (SELECT p.account_id, p.asset, sum(-p.amount) AS total
                       FROM postings p JOIN transactions t ON t.id = p.transaction_id
                       WHERE t.status = 'pending' AND p.amount < 0
                       GROUP BY p.account_id, p.asset) p
                   ON p.account_id = b.account_id AND p.asset = b.asset
            WHERE b.held <> coalesce(p.total, 0)
            """)).ShouldBeEmpty("holds vs pending transfers");

        // 7. Applied postings exist exactly for completed and reversed transactions (and reversals).
        (await connection.QueryAsync<string>(
            """
            SELECT t.id || ' ' || t.status
            FROM transactions t JOIN postings p ON p.transaction_id = t.id
            WHERE (t.status IN ('completed', 'reversed')) <> (p.entry_seq IS NOT NULL)
            """)).ShouldBeEmpty("applied postings vs status");

        // 8. Reversals and their originals point at each other.
        (await connection.QueryAsync<string>(
            """
            SELECT o.id::text FROM transactions o
            LEFT JOIN transactions r ON r.id = o.reversed_by
            WHERE (o.status = 'reversed') <> (o.reversed_by IS NOT NULL) OR (o.reversed_by IS NOT NULL AND r.reversal_of <> o.id)
            """)).ShouldBeEmpty("reversal links");
    }
}

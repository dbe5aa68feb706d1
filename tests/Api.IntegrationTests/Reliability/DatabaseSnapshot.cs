using Dapper;
using Npgsql;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// A fingerprint of the state a request can change: a hash of every row of the users, refresh tokens, assets,
/// accounts, balances, transactions and postings, and the counts of audit entries (by outcome) and idempotency keys.
/// </summary>
public sealed record DatabaseSnapshot(
    string Users,
    string RefreshTokens,
    string Assets,
    string Accounts,
    string Balances,
    string Transactions,
    string Postings,
    long AuditSucceeded,
    long AuditRefused,
    long IdempotencyKeys)
{
    private const string Sql = """
        SELECT
            (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM users t) AS Users,
            (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM refresh_tokens t) AS RefreshTokens,
            (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.code), '')) FROM assets t) AS Assets,
            (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM accounts t) AS Accounts,
            (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.account_id, t.asset), '')) FROM balances t) AS Balances,
            (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM transactions t) AS Transactions,
            (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.transaction_id, t.leg), '')) FROM postings t) AS Postings,
            (SELECT count(*) FROM audit_log WHERE outcome = 'succeeded') AS AuditSucceeded,
            (SELECT count(*) FROM audit_log WHERE outcome = 'refused') AS AuditRefused,
            (SELECT count(*) FROM idempotency_keys) AS IdempotencyKeys
        """;

    public static async Task<DatabaseSnapshot> TakeAsync(NpgsqlConnection connection) =>
        await connection.QuerySingleAsync<DatabaseSnapshot>(Sql);

    /// <summary>
    /// What a refused request (status <paramref name="status"/>, problem code <paramref name="code"/>) changed beyond
    /// what the API does by design (see <see cref="InputFuzzingTests"/>); empty when nothing.
    /// </summary>
    public IReadOnlyList<string> UnexpectedChangesAfterRefusal(DatabaseSnapshot after, int status, string? code)
    {
        var changes = new List<string>();
        Compare(changes, "users", Users, after.Users);
        Compare(changes, "assets", Assets, after.Assets);
        Compare(changes, "accounts", Accounts, after.Accounts);
        Compare(changes, "balances", Balances, after.Balances);
        Compare(changes, "transactions", Transactions, after.Transactions);
        Compare(changes, "postings", Postings, after.Postings);
        if (code != "refresh_token_reused")
        {
            Compare(changes, "refresh_tokens", RefreshTokens, after.RefreshTokens);
        }

        if (after.AuditSucceeded != AuditSucceeded)
        {
            changes.Add($"audit_log gained {after.AuditSucceeded - AuditSucceeded} 'succeeded' entries");
        }

        var refusedAudited = after.AuditRefused - AuditRefused;
        var mayAuditRefusal = status is 401 or 403 or 422;
        if (refusedAudited < 0 || refusedAudited > 1 || (refusedAudited == 1 && !mayAuditRefusal))
        {
            changes.Add($"audit_log gained {refusedAudited} 'refused' entries for a {status}");
        }

        var keys = after.IdempotencyKeys - IdempotencyKeys;
        if (keys < 0 || keys > 1 || (keys == 1 && status != 422))
        {
            changes.Add($"idempotency_keys gained {keys} rows for a {status}");
        }

        return changes;
    }

    private static void Compare(List<string> changes, string table, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add($"{table} changed");
        }
    }
}

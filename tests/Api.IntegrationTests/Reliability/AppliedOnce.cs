using Dapper;
using Npgsql;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// Exactly-once in the database, for the reliability tests that make each movement's description its Idempotency-Key:
/// every key has one transaction, the one its client was told about, and no transaction is there that no client was
/// told about.
/// </summary>
internal static class AppliedOnce
{
    /// <summary>
    /// Checks the transactions whose description starts with <paramref name="prefix"/> against
    /// <paramref name="answered"/> (key → the transaction id answered); returns how many there are.
    /// </summary>
    public static async Task<int> ShouldMatchAsync(string connectionString, string prefix, IReadOnlyDictionary<string, Guid> answered)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var stored = (await connection.QueryAsync<(string Description, Guid Id)>(
            "SELECT description, id FROM transactions WHERE starts_with(description, @prefix)", new { prefix })).ToList();
        stored.GroupBy(t => t.Description).Where(g => g.Count() > 1).Select(g => $"{g.Key} × {g.Count()}").ShouldBeEmpty("keys applied more than once");
        answered.Keys.Except(stored.Select(t => t.Description)).ShouldBeEmpty("keys answered with a transaction that is not stored");
        stored.Select(t => t.Description).Except(answered.Keys).ShouldBeEmpty("transactions nobody was told about");
        foreach (var (description, id) in stored)
        {
            id.ShouldBe(answered[description], $"the transaction {description} answered");
        }

        return stored.Count;
    }
}

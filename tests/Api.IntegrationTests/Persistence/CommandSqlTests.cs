using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Infrastructure.Persistence;
using PortfolioTracker.Infrastructure.Persistence.Migrations;

namespace PortfolioTracker.Api.IntegrationTests.Persistence;

/// <summary>The lock statements with their keys spelled out as parameters, run against the real schema.</summary>
public sealed class CommandSqlTests : IAsyncLifetime
{
    private const int Accounts = CommandSql.CachedCounts + 3;
    private readonly List<Guid> accounts = [];
    private string connectionString = string.Empty;
    private NpgsqlDataSource dataSource = null!;
    private Guid worldUsd;

    public async Task InitializeAsync()
    {
        connectionString = await PostgresServer.CreateDatabaseAsync("pt_command_sql");
        dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance, MigrationRunner.Embedded).MigrateAsync(CancellationToken.None);
        await using var connection = await dataSource.OpenConnectionAsync();
        var user = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO users (id, username, username_normalized, email, email_normalized, password_hash, role, security_stamp, created_at, updated_at, version)
            VALUES (@user, 'sql', 'SQL', 'sql@example.test', 'SQL@EXAMPLE.TEST', 'x', 'user', 'stamp', now(), now(), 1)
            """,
            new { user });
        for (var i = 0; i < Accounts; i++)
        {
            // Random (version 4) ids: PostgreSQL's uuid order differs from .NET's Guid order, which the test must not assume.
            var id = Guid.NewGuid();
            accounts.Add(id);
            await connection.ExecuteAsync(
                """
                INSERT INTO accounts (id, owner_id, name, name_normalized, base_currency, status, is_world, created_at, updated_at, version)
                VALUES (@id, @user, @name, upper(@name), 'USD', 'open', false, now(), now(), 1);
                INSERT INTO balances (account_id, asset, amount, allow_negative, updated_at)
                VALUES (@id, 'USD', @amount, false, now()), (@id, 'BTC', 0.5, false, now());
                """,
                new { id, user, name = $"a{i}", amount = 100m + i });
        }

        worldUsd = await connection.QuerySingleAsync<Guid>("SELECT id FROM accounts WHERE is_world AND base_currency = 'USD'");
    }

    public async Task DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(connectionString);
    }

    [Fact]
    public void Parameters_AreNumberedPerItem_AndGroupedWhenAnItemHasSeveral()
    {
        CommandSql.Parameters(3, 1).ShouldBe("$1, $2, $3");
        CommandSql.Parameters(2, 2).ShouldBe("($1, $2), ($3, $4)");
        CommandSql.LockAccounts(CommandSql.CachedCounts + 1).ShouldContain($"${CommandSql.CachedCounts + 1})");
        Should.Throw<ArgumentOutOfRangeException>(() => CommandSql.LockBalances(0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(CommandSql.CachedCounts)]
    [InlineData(Accounts)]
    public async Task LockAccounts_ReturnsTheUserAccountsAmongTheIds_InPostgresIdOrder_NeverAWorldAccount(int count)
    {
        // The last id is a world account and, from two ids on, the first is one that does not exist.
        var ids = accounts.Take(count).ToList();
        ids[^1] = worldUsd;
        if (count > 1)
        {
            ids[0] = Guid.NewGuid();
        }

        var expected = await ExpectedOrderAsync(ids.Where(accounts.Contains));

        var found = await QueryAsync(CommandSql.LockAccounts(count), [.. ids.Cast<object>()], reader => reader.GetGuid(0));

        found.ShouldBe(expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(CommandSql.CachedCounts + 1)]
    public async Task LockBalances_ReturnsTheExistingKeys_InAccountThenByteOrderOfTheAsset(int count)
    {
        // Keys over the first accounts, both assets, one key of an asset the account has no balance in.
        var keys = Enumerable.Range(0, count).Select(i => (Account: accounts[i / 2], Asset: i % 2 == 0 ? "USD" : "BTC")).ToList();
        keys[^1] = (keys[^1].Account, "ETH");
        object[] parameters = [.. keys.SelectMany(k => new object[] { k.Account, k.Asset })];

        var found = await QueryAsync(
            CommandSql.LockBalances(count), parameters, reader => (Account: reader.GetGuid(0), Asset: reader.GetString(1), Amount: reader.GetDecimal(2)));

        var order = await ExpectedOrderAsync(keys.Select(k => k.Account).Distinct());
        var expected = keys.Where(k => k.Asset != "ETH")
            .OrderBy(k => order.IndexOf(k.Account)).ThenBy(k => k.Asset, StringComparer.Ordinal).ToList();
        found.Select(f => (f.Account, f.Asset)).ShouldBe(expected);
        found.Where(f => f.Asset == "USD").ShouldAllBe(f => f.Amount == 100m + accounts.IndexOf(f.Account));
    }

    private async Task<List<Guid>> ExpectedOrderAsync(IEnumerable<Guid> ids)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<Guid>("SELECT id FROM unnest(@ids) AS t (id) ORDER BY id", new { ids = ids.ToArray() })];
    }

    private async Task<List<T>> QueryAsync<T>(string sql, object[] parameters, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var rows = new List<T>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }
        }

        await transaction.RollbackAsync();
        return rows;
    }
}

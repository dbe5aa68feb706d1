using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Infrastructure.Persistence.Migrations;

namespace PortfolioTracker.Api.IntegrationTests.Migrations;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private string connectionString = string.Empty;
    private NpgsqlDataSource dataSource = null!;

    public async Task InitializeAsync()
    {
        connectionString = await PostgresServer.CreateDatabaseAsync("pt_migrations");
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public async Task DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(connectionString);
    }

    [Fact]
    public async Task FreshDatabase_GetsEveryEmbeddedMigration_RecordedWithItsChecksum()
    {
        var applied = await Runner(MigrationRunner.Embedded).MigrateAsync(CancellationToken.None);

        applied.ShouldBe(MigrationRunner.Embedded.Select(m => m.Version));
        var rows = await Applied();
        rows.Select(r => r.Version).ShouldBe(MigrationRunner.Embedded.Select(m => m.Version));
        rows.Select(r => r.Checksum).ShouldBe(MigrationRunner.Embedded.Select(m => m.Checksum));
        (await TableExists("users")).ShouldBeTrue();
    }

    [Fact]
    public async Task SecondRun_AppliesNothing()
    {
        await Runner(MigrationRunner.Embedded).MigrateAsync(CancellationToken.None);

        var applied = await Runner(MigrationRunner.Embedded).MigrateAsync(CancellationToken.None);

        applied.ShouldBeEmpty();
        (await Applied()).Count.ShouldBe(MigrationRunner.Embedded.Count);
    }

    [Fact]
    public async Task NewMigrations_AreAppliedInVersionOrder_AfterTheOnesAlreadyThere()
    {
        await Runner([Script(1, "one", "CREATE TABLE t1 (id int)")]).MigrateAsync(CancellationToken.None);

        var applied = await Runner(
        [
            Script(3, "three", "ALTER TABLE t2 ADD COLUMN c int"),
            Script(1, "one", "CREATE TABLE t1 (id int)"),
            Script(2, "two", "CREATE TABLE t2 (id int)"),
        ]).MigrateAsync(CancellationToken.None);

        applied.ShouldBe([2, 3]);
    }

    [Fact]
    public async Task AnAppliedMigrationWhoseFileChanged_StopsStartUpWithAClearMessage()
    {
        await Runner([Script(1, "one", "CREATE TABLE t1 (id int)")]).MigrateAsync(CancellationToken.None);

        var failure = await Should.ThrowAsync<MigrationException>(() =>
            Runner([Script(1, "one", "CREATE TABLE t1 (id bigint)")]).MigrateAsync(CancellationToken.None));

        failure.Message.ShouldContain("0001_one was changed after it was applied");
    }

    [Fact]
    public async Task LineEndingsAlone_DoNotCountAsAChange()
    {
        await Runner([Script(1, "one", "CREATE TABLE t1 (id int);\nCREATE TABLE t2 (id int);")]).MigrateAsync(CancellationToken.None);

        var applied = await Runner([Script(1, "one", "CREATE TABLE t1 (id int);\r\nCREATE TABLE t2 (id int);")]).MigrateAsync(CancellationToken.None);

        applied.ShouldBeEmpty();
    }

    [Fact]
    public async Task AFailingMigration_IsRolledBackEntirely_AndStopsTheRun()
    {
        var failure = await Should.ThrowAsync<MigrationException>(() => Runner(
        [
            Script(1, "good", "CREATE TABLE good (id int)"),
            Script(2, "bad", "CREATE TABLE half (id int); SELECT * FROM missing_table"),
            Script(3, "after", "CREATE TABLE after_bad (id int)"),
        ]).MigrateAsync(CancellationToken.None));

        failure.Message.ShouldContain("0002_bad failed");
        (await Applied()).Select(r => r.Version).ShouldBe([1]);
        (await TableExists("good")).ShouldBeTrue();
        (await TableExists("half")).ShouldBeFalse();
        (await TableExists("after_bad")).ShouldBeFalse();
    }

    [Fact]
    public async Task InstancesStartingTogether_ApplyEachMigrationExactlyOnce()
    {
        var runners = Enumerable.Range(0, 6).Select(_ => Runner(MigrationRunner.Embedded)).ToList();

        var results = await Task.WhenAll(runners.Select(r => r.MigrateAsync(CancellationToken.None)));

        results.SelectMany(r => r).Order().ShouldBe(MigrationRunner.Embedded.Select(m => m.Version));
        (await Applied()).Count.ShouldBe(MigrationRunner.Embedded.Count);
    }

    [Fact]
    public void DuplicateVersions_AreRefused()
    {
        Should.Throw<MigrationException>(() => MigrationRunner.Ordered([Script(1, "a", "SELECT 1"), Script(1, "b", "SELECT 1")]));
    }

    [Theory]
    [InlineData("0001_initial.sql", 1, "initial")]
    [InlineData("0042_add_ledger_indexes.sql", 42, "add_ledger_indexes")]
    public void FileNames_AreParsedIntoVersionAndName(string file, int version, string name)
    {
        var migration = Migration.FromFile(file, "SELECT 1")!;

        migration.Version.ShouldBe(version);
        migration.Name.ShouldBe(name);
    }

    [Theory]
    [InlineData("1_initial.sql")]
    [InlineData("0001-initial.sql")]
    [InlineData("0001_Initial.sql")]
    [InlineData("0001_initial.txt")]
    public void BadFileNames_AreNotMigrations(string file) => Migration.FromFile(file, "SELECT 1").ShouldBeNull();

    [Fact]
    public void EmbeddedMigrations_AreNumberedWithoutGaps()
    {
        MigrationRunner.Embedded.Select(m => m.Version).ShouldBe(Enumerable.Range(1, MigrationRunner.Embedded.Count));
    }

    private MigrationRunner Runner(IReadOnlyList<Migration> migrations) =>
        new(dataSource, NullLogger<MigrationRunner>.Instance, MigrationRunner.Ordered(migrations));

    private static Migration Script(int version, string name, string sql) => new(version, name, sql);

    private async Task<List<(int Version, string Checksum)>> Applied()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(int, string)>("SELECT version, checksum FROM schema_migrations ORDER BY version");
        return rows.ToList();
    }

    private async Task<bool> TableExists(string table)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT to_regclass(@table) IS NOT NULL", new { table });
    }
}

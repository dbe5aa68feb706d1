using System.Diagnostics;
using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PortfolioTracker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Applies the embedded numbered SQL scripts in order. Each runs in its own transaction together with its row in
/// <c>schema_migrations</c>; the whole run holds a PostgreSQL advisory lock, so instances starting together apply
/// each script once. A script changed after it was applied, or one that fails, stops start-up.
/// </summary>
public sealed partial class MigrationRunner
{
    /// <summary>The advisory-lock key of migrations ("PTMIGRAT" as ASCII).</summary>
    internal const long AdvisoryLockKey = 0x5054_4D49_4752_4154;

    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger<MigrationRunner> logger;

    public MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
        : this(dataSource, logger, Embedded)
    {
    }

    internal MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger, IReadOnlyList<Migration> migrations)
    {
        this.dataSource = dataSource;
        this.logger = logger;
        Migrations = migrations;
    }

    /// <summary>The migrations compiled into this build, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded(typeof(MigrationRunner).Assembly);

    /// <summary>The version the schema has once every embedded migration is applied.</summary>
    public static int LatestVersion => Embedded.Count == 0 ? 0 : Embedded[^1].Version;

    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Applies what is missing and returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version      integer     PRIMARY KEY,
                    name         text        NOT NULL,
                    checksum     text        NOT NULL,
                    applied_at   timestamptz NOT NULL DEFAULT now(),
                    execution_ms integer     NOT NULL
                )
                """,
                cancellationToken: cancellationToken));

            var applied = (await connection.QueryAsync<AppliedMigration>(new CommandDefinition(
                "SELECT version AS Version, name AS Name, checksum AS Checksum FROM schema_migrations ORDER BY version",
                cancellationToken: cancellationToken))).ToDictionary(m => m.Version);

            Verify(applied);

            var done = new List<int>();
            foreach (var migration in Migrations.Where(m => !applied.ContainsKey(m.Version)))
            {
                await ApplyAsync(connection, migration, cancellationToken);
                done.Add(migration.Version);
            }

            if (done.Count == 0)
            {
                LogUpToDate(logger, Migrations.Count == 0 ? 0 : Migrations[^1].Version);
            }

            return done;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    internal static IReadOnlyList<Migration> LoadEmbedded(Assembly assembly)
    {
        const string prefix = "PortfolioTracker.Infrastructure.Persistence.Migrations.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var fileName = resource[prefix.Length..];
            var migration = Migration.FromFile(fileName, reader.ReadToEnd())
                ?? throw new MigrationException($"Embedded migration '{fileName}' is not named NNNN_name.sql.");
            migrations.Add(migration);
        }

        return Ordered(migrations);
    }

    internal static IReadOnlyList<Migration> Ordered(IEnumerable<Migration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        var duplicate = ordered.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MigrationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return ordered;
    }

    private void Verify(Dictionary<int, AppliedMigration> applied)
    {
        foreach (var migration in Migrations)
        {
            if (applied.TryGetValue(migration.Version, out var row) && row.Checksum != migration.Checksum)
            {
                throw new MigrationException(
                    $"Migration {migration.Version:0000}_{migration.Name} was changed after it was applied " +
                    $"(database checksum {row.Checksum[..12]}…, file {migration.Checksum[..12]}…). " +
                    "Applied migrations are immutable: restore the file and add a new migration for the change.");
            }
        }

        var known = Migrations.Select(m => m.Version).ToHashSet();
        foreach (var unknown in applied.Values.Where(a => !known.Contains(a.Version)))
        {
            LogUnknownApplied(logger, unknown.Version, unknown.Name);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
            var elapsedMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, checksum, execution_ms) VALUES (@Version, @Name, @Checksum, @elapsedMs)",
                new { migration.Version, migration.Name, migration.Checksum, elapsedMs },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, migration.Version, migration.Name, elapsedMs);
        }
        catch (PostgresException exception)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new MigrationException(
                $"Migration {migration.Version:0000}_{migration.Name} failed and was rolled back: {exception.SqlState} {exception.MessageText}" +
                (exception.Position > 0 ? $" (at character {exception.Position})" : string.Empty),
                exception);
        }
    }

    private sealed record AppliedMigration(int Version, string Name, string Checksum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version:0000}_{Name} in {ElapsedMs} ms")]
    private static partial void LogApplied(ILogger logger, int version, string name, int elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date (version {Version})")]
    private static partial void LogUpToDate(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database has migration {Version:0000}_{Name}, which this build does not know (a newer version ran against it)")]
    private static partial void LogUnknownApplied(ILogger logger, int version, string name);
}

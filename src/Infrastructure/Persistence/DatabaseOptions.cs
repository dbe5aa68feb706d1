namespace PortfolioTracker.Infrastructure.Persistence;

/// <summary>Settings of the <c>Database</c> section (the connection string itself is <c>ConnectionStrings:Postgres</c>).</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Apply pending migrations at start-up (default true).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long start-up waits for the database to accept connections before giving up (default 30 s).</summary>
    public int StartupTimeoutSeconds { get; set; } = 30;

    /// <summary>How often a command is re-run after a deadlock or serialization failure (default 5 attempts in all).</summary>
    public int MaxTransactionAttempts { get; set; } = 5;
}

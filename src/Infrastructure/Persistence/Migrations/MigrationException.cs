namespace PortfolioTracker.Infrastructure.Persistence.Migrations;

/// <summary>Start-up must stop: the database schema and this build's migrations disagree, or a migration failed.</summary>
public sealed class MigrationException : Exception
{
    public MigrationException()
    {
    }

    public MigrationException(string message)
        : base(message)
    {
    }

    public MigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

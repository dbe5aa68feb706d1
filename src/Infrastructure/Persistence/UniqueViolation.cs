using Npgsql;

namespace PortfolioTracker.Infrastructure.Persistence;

internal static class UniqueViolation
{
    /// <summary>The unique index a failed insert or update collided with, or null for any other error.</summary>
    public static string? ConstraintOf(PostgresException exception) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation ? exception.ConstraintName : null;
}

using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PortfolioTracker.Infrastructure.Persistence.Migrations;

namespace PortfolioTracker.Infrastructure.Persistence;

/// <summary>Ready when PostgreSQL answers within two seconds and every migration of this build is applied.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
            var version = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT max(version) FROM schema_migrations", cancellationToken: timeout.Token)) ?? 0;
            return version >= MigrationRunner.LatestVersion
                ? HealthCheckResult.Healthy($"schema version {version}")
                : HealthCheckResult.Unhealthy($"schema version {version}, this build needs {MigrationRunner.LatestVersion}");
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", exception is OperationCanceledException ? null : exception);
        }
    }
}

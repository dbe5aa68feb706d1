using Npgsql;

namespace PortfolioTracker.Infrastructure.Persistence;

/// <summary>
/// Connections that are never pooled, for sessions that hold state for a long time: a LISTEN, or an advisory lock.
/// Closing one ends its session at once, so a lock it held is released (a pooled connection would keep the session,
/// and the lock, alive in the pool).
/// </summary>
internal sealed class DedicatedConnections(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}

using System.Collections.Frozen;
using Dapper;
using Npgsql;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Infrastructure.Persistence.Assets;

/// <summary>
/// All assets in memory. Reloaded when an asset was added here (<see cref="Invalidate"/>), when an unknown code is
/// asked for (at most once a second, so unknown codes cannot hammer the database), and every five minutes (assets
/// added by another instance).
/// </summary>
internal sealed class AssetCatalog(NpgsqlDataSource dataSource, TimeProvider clock) : IAssetCatalog, IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MissRetryInterval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim reloading = new(1, 1);
    private Snapshot? current;

    /// <summary>
    /// A known code answers from the current snapshot with a task completed once per asset (no allocation: every
    /// movement looks its asset up several times); anything else (stale snapshot, unknown code) takes the slow path.
    /// </summary>
    public Task<Asset?> FindAsync(AssetCode code, CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref current);
        return snapshot is not null && IsFresh(snapshot) && snapshot.Found.TryGetValue(code, out var found)
            ? found
            : FindSlowAsync(code, cancellationToken);
    }

    public Task<IReadOnlyList<Asset>> ListAsync(CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref current);
        return snapshot is not null && IsFresh(snapshot) ? snapshot.Listed : ListSlowAsync(cancellationToken);
    }

    private async Task<Asset?> FindSlowAsync(AssetCode code, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        if (snapshot.Found.TryGetValue(code, out var found))
        {
            return await found;
        }

        if (clock.GetUtcNow() - snapshot.LoadedAt < MissRetryInterval)
        {
            return null;
        }

        snapshot = await ReloadAsync(snapshot, cancellationToken);
        return snapshot.Found.TryGetValue(code, out found) ? await found : null;
    }

    private async Task<IReadOnlyList<Asset>> ListSlowAsync(CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).All;

    public void Invalidate() => Volatile.Write(ref current, null);

    public void Dispose() => reloading.Dispose();

    private bool IsFresh(Snapshot snapshot) => clock.GetUtcNow() - snapshot.LoadedAt < MaxAge;

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref current);
        return snapshot is not null && IsFresh(snapshot)
            ? snapshot
            : await ReloadAsync(snapshot, cancellationToken);
    }

    /// <summary>Reloads unless another caller already did while this one waited.</summary>
    private async Task<Snapshot> ReloadAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await reloading.WaitAsync(cancellationToken);
        try
        {
            var snapshot = Volatile.Read(ref current);
            if (snapshot is not null && !ReferenceEquals(snapshot, seen))
            {
                return snapshot;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var rows = await connection.QueryAsync<AssetRow>(new CommandDefinition(
                """
                SELECT code, name, kind, decimals, price_id AS PriceId
                FROM assets
                ORDER BY kind DESC, code
                """,
                cancellationToken: cancellationToken));
            var all = rows.Select(r => r.ToAsset()).ToList();
            snapshot = new Snapshot(all, clock.GetUtcNow());
            Volatile.Write(ref current, snapshot);
            return snapshot;
        }
        finally
        {
            reloading.Release();
        }
    }

    private sealed record Snapshot(IReadOnlyList<Asset> All, DateTimeOffset LoadedAt)
    {
        /// <summary>The known codes, each with the answer of <see cref="FindAsync"/> completed once.</summary>
        public FrozenDictionary<AssetCode, Task<Asset?>> Found { get; } = All.ToFrozenDictionary(a => a.Code, a => Task.FromResult<Asset?>(a));

        /// <summary>The answer of <see cref="ListAsync"/>, completed once.</summary>
        public Task<IReadOnlyList<Asset>> Listed { get; } = Task.FromResult(All);
    }
}

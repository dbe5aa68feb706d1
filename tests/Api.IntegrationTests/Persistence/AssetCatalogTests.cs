using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Prices.Cache;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Infrastructure.Persistence.Assets;
using PortfolioTracker.Infrastructure.Persistence.Migrations;

namespace PortfolioTracker.Api.IntegrationTests.Persistence;

/// <summary>
/// The in-memory asset catalog against the real table: answers from its snapshot, and reloads when invalidated, when
/// its snapshot is five minutes old, and on an unknown code at most once a second.
/// </summary>
public sealed class AssetCatalogTests : IAsyncLifetime
{
    private static readonly AssetCode Usd = AssetCode.Parse("USD");
    private static readonly AssetCode Fresh = AssetCode.Parse("ZZT");
    private readonly ManualClock clock = new();
    private string connectionString = string.Empty;
    private NpgsqlDataSource dataSource = null!;

    public async Task InitializeAsync()
    {
        connectionString = await PostgresServer.CreateDatabaseAsync("pt_asset_catalog");
        dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance, MigrationRunner.Embedded).MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(connectionString);
    }

    [Fact]
    public async Task KnownCode_IsAnsweredFromTheSnapshot_WithTheSameCompletedTask()
    {
        using var catalog = new AssetCatalog(dataSource, clock);

        var first = await catalog.FindAsync(Usd, CancellationToken.None);
        var again = catalog.FindAsync(Usd, CancellationToken.None);
        var third = catalog.FindAsync(Usd, CancellationToken.None);

        first.ShouldNotBeNull().Decimals.ShouldBe(2);
        again.IsCompletedSuccessfully.ShouldBeTrue();
        third.ShouldBeSameAs(again); // completed once per asset, not allocated per call
        (await again).ShouldBeSameAs(first);
        (await catalog.ListAsync(CancellationToken.None)).ShouldContain(first);
    }

    [Fact]
    public async Task UnknownCode_ReloadsAtMostOnceASecond()
    {
        using var catalog = new AssetCatalog(dataSource, clock);
        (await catalog.FindAsync(Fresh, CancellationToken.None)).ShouldBeNull(); // loads, not found

        await InsertAssetAsync(Fresh);
        (await catalog.FindAsync(Fresh, CancellationToken.None)).ShouldBeNull(); // loaded under a second ago: no reload

        clock.Advance(TimeSpan.FromSeconds(1));
        var found = await catalog.FindAsync(Fresh, CancellationToken.None); // a miss a second later reloads
        found.ShouldNotBeNull().Name.ShouldBe("Test token");
        (await catalog.ListAsync(CancellationToken.None)).ShouldContain(found);
    }

    [Fact]
    public async Task AddedElsewhere_IsSeenAfterInvalidate_OrOnceTheSnapshotIsFiveMinutesOld()
    {
        using var catalog = new AssetCatalog(dataSource, clock);
        var before = await catalog.ListAsync(CancellationToken.None);
        await InsertAssetAsync(Fresh);

        (await catalog.ListAsync(CancellationToken.None)).ShouldBeSameAs(before); // the snapshot still answers
        clock.Advance(TimeSpan.FromMinutes(5));
        var aged = await catalog.ListAsync(CancellationToken.None);
        aged.ShouldNotBeSameAs(before);
        aged.Select(a => a.Code).ShouldContain(Fresh);

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE assets SET name = 'Renamed' WHERE code = @code", new { code = Fresh.Value });
        }

        (await catalog.FindAsync(Fresh, CancellationToken.None)).ShouldNotBeNull().Name.ShouldBe("Test token");
        catalog.Invalidate();
        (await catalog.FindAsync(Fresh, CancellationToken.None)).ShouldNotBeNull().Name.ShouldBe("Renamed");
    }

    private async Task InsertAssetAsync(AssetCode code)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO assets (code, name, kind, decimals, price_id) VALUES (@code, 'Test token', 'crypto', 8, NULL)",
            new { code = code.Value });
    }
}

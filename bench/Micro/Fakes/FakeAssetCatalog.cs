using System.Collections.Frozen;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Bench.Micro.Fakes;

/// <summary>The in-memory snapshot the real catalog answers from once loaded, without its database reload.</summary>
internal sealed class FakeAssetCatalog : IAssetCatalog
{
    private readonly FrozenDictionary<AssetCode, Asset> byCode = TestData.All.ToFrozenDictionary(a => a.Code);

    public Task<Asset?> FindAsync(AssetCode code, CancellationToken cancellationToken) =>
        Task.FromResult(byCode.GetValueOrDefault(code));

    public Task<IReadOnlyList<Asset>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(TestData.All);

    public void Invalidate()
    {
    }
}

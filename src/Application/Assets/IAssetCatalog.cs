using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Application.Assets;

/// <summary>The known assets, cached in memory (they are few and change rarely).</summary>
public interface IAssetCatalog
{
    /// <summary>The asset with this code, or null; an unknown code is looked up in the database once more.</summary>
    Task<Asset?> FindAsync(AssetCode code, CancellationToken cancellationToken);

    /// <summary>Parses and finds in one go; null for a malformed or unknown code.</summary>
    async Task<Asset?> FindAsync(string? code, CancellationToken cancellationToken) =>
        AssetCode.TryParse(code) is { } parsed ? await FindAsync(parsed, cancellationToken) : null;

    Task<IReadOnlyList<Asset>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Forgets the cache (after an asset was added).</summary>
    void Invalidate();
}

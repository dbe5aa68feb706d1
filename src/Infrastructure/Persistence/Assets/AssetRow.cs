using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Infrastructure.Persistence.Assets;

internal sealed class AssetRow
{
    public string Code { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public short Decimals { get; init; }

    public string? PriceId { get; init; }

    public Asset ToAsset() => Asset.Create(
        AssetCode.Parse(Code),
        Name,
        AssetKinds.TryParse(Kind, out var kind) ? kind : throw new InvalidOperationException($"Unknown asset kind '{Kind}'."),
        Decimals,
        PriceId).Value;
}

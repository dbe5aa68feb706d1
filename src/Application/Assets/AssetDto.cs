using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Application.Assets;

public sealed record AssetDto(string Code, string Name, string Kind, int Decimals, string? PriceId)
{
    public static AssetDto From(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return new AssetDto(asset.Code.Value, asset.Name, AssetKinds.ToName(asset.Kind), asset.Decimals, asset.PriceId);
    }
}

/// <summary>The wire names of <see cref="AssetKind"/>: <c>fiat</c> and <c>crypto</c>.</summary>
public static class AssetKinds
{
    public static string ToName(AssetKind kind) => kind == AssetKind.Fiat ? "fiat" : "crypto";

    public static bool TryParse(string? name, out AssetKind kind)
    {
        kind = name == "fiat" ? AssetKind.Fiat : AssetKind.Crypto;
        return name is "fiat" or "crypto";
    }
}

using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Domain.UnitTests.TestData;

/// <summary>The assets the ledger tests trade in, with their usual precision (fiat 2, BTC 8, ETH 18, a 0-decimal token).</summary>
internal static class TestAssets
{
    public static readonly Asset Usd = Create("USD", "US Dollar", AssetKind.Fiat, 2, null);

    public static readonly Asset Eur = Create("EUR", "Euro", AssetKind.Fiat, 2, null);

    public static readonly Asset Btc = Create("BTC", "Bitcoin", AssetKind.Crypto, 8, "bitcoin");

    public static readonly Asset Eth = Create("ETH", "Ethereum", AssetKind.Crypto, 18, "ethereum");

    /// <summary>An asset without fraction digits, whose limit is the largest (10^28).</summary>
    public static readonly Asset Whole = Create("WHOLE", "Whole Token", AssetKind.Crypto, 0, null);

    public static readonly IReadOnlyList<Asset> All = [Usd, Eur, Btc, Eth, Whole];

    public static Asset ByCode(AssetCode code) => All.Single(a => a.Code == code);

    private static Asset Create(string code, string name, AssetKind kind, int decimals, string? priceId) =>
        Asset.Create(AssetCode.Parse(code), name, kind, decimals, priceId).Value;
}

using NSubstitute;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>Real assets with their usual precision, and a substitute catalog that knows exactly these.</summary>
internal static class TestAssets
{
    public static readonly Asset Usd = Create("USD", "US Dollar", AssetKind.Fiat, 2, null);

    public static readonly Asset Eur = Create("EUR", "Euro", AssetKind.Fiat, 2, null);

    public static readonly Asset Btc = Create("BTC", "Bitcoin", AssetKind.Crypto, 8, "bitcoin");

    public static readonly Asset Eth = Create("ETH", "Ethereum", AssetKind.Crypto, 18, "ethereum");

    public static readonly IReadOnlyList<Asset> All = [Usd, Eur, Btc, Eth];

    public static Asset ByCode(AssetCode code) => All.Single(a => a.Code == code);

    /// <summary>
    /// A catalog of <see cref="All"/>. Both lookups are configured: the string one is a default interface method
    /// that a substitute would otherwise answer with null instead of calling through.
    /// </summary>
    public static IAssetCatalog Catalog()
    {
        var catalog = Substitute.For<IAssetCatalog>();
        catalog.FindAsync(Arg.Any<AssetCode>(), Arg.Any<CancellationToken>())
            .Returns(call => Find(call.Arg<AssetCode>()));
        catalog.FindAsync(Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call => AssetCode.TryParse(call.Arg<string?>()) is { } code ? Find(code) : null);
        catalog.ListAsync(Arg.Any<CancellationToken>()).Returns(All);
        return catalog;
    }

    private static Asset? Find(AssetCode code) => All.FirstOrDefault(a => a.Code == code);

    private static Asset Create(string code, string name, AssetKind kind, int decimals, string? priceId) =>
        Asset.Create(AssetCode.Parse(code), name, kind, decimals, priceId).Value;
}

using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Bench.Micro;

/// <summary>The assets (with their usual precision), accounts and clock every benchmark uses.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static readonly Asset Usd = Create("USD", "US Dollar", AssetKind.Fiat, 2, null);

    public static readonly Asset Btc = Create("BTC", "Bitcoin", AssetKind.Crypto, 8, "bitcoin");

    public static readonly Asset Eth = Create("ETH", "Ethereum", AssetKind.Crypto, 18, "ethereum");

    public static readonly IReadOnlyList<Asset> All = [Usd, Btc, Eth];

    public static readonly Guid OwnerId = Guid.Parse("0197a000-0000-7000-8000-0000000000aa");

    public static readonly Guid OtherOwnerId = Guid.Parse("0197a000-0000-7000-8000-0000000000bb");

    public static readonly Account From = Account.Open(
        Guid.Parse("0197a000-0000-7000-8000-000000000001"), OwnerId, AccountName.Create("Checking").Value, Usd, Now);

    public static readonly Account To = Account.Open(
        Guid.Parse("0197a000-0000-7000-8000-000000000002"), OtherOwnerId, AccountName.Create("Savings").Value, Usd, Now);

    public static readonly Account UsdWorld = Account.World(Guid.Parse("0197a000-0000-7000-8000-0000000000f1"), Usd, Now);

    public static readonly Account BtcWorld = Account.World(Guid.Parse("0197a000-0000-7000-8000-0000000000f2"), Btc, Now);

    private static Asset Create(string code, string name, AssetKind kind, int decimals, string? priceId) =>
        Asset.Create(AssetCode.Parse(code), name, kind, decimals, priceId).Value;
}

using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Domain.UnitTests.Assets;

public class AssetTests
{
    private static readonly AssetCode Btc = AssetCode.Parse("BTC");

    [Fact]
    public void Create_WhenEveryValueIsValid_KeepsThemTrimmed()
    {
        var asset = Asset.Create(Btc, "  Bitcoin  ", AssetKind.Crypto, 8, "  bitcoin ");

        asset.IsSuccess.ShouldBeTrue();
        asset.Value.Code.ShouldBe(Btc);
        asset.Value.Name.ShouldBe("Bitcoin");
        asset.Value.Kind.ShouldBe(AssetKind.Crypto);
        asset.Value.Decimals.ShouldBe(8);
        asset.Value.PriceId.ShouldBe("bitcoin");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_WhenPriceIdIsBlank_StoresNull(string? priceId) =>
        Asset.Create(Btc, "Bitcoin", AssetKind.Crypto, 8, priceId).Value.PriceId.ShouldBeNull();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Create_WhenNameIsBlank_ReturnsValidationOnName(string? name)
    {
        var asset = Asset.Create(Btc, name!, AssetKind.Crypto, 8, null);

        asset.Error.Code.ShouldBe("validation_failed");
        asset.Error.FieldErrors!.Keys.ShouldBe(["name"]);
    }

    [Fact]
    public void Create_WhenNameIs100Characters_Accepts() =>
        Asset.Create(Btc, new string('n', 100), AssetKind.Crypto, 8, null).IsSuccess.ShouldBeTrue();

    [Fact]
    public void Create_WhenNameIs101Characters_ReturnsValidationOnName() =>
        Asset.Create(Btc, new string('n', 101), AssetKind.Crypto, 8, null).Error.FieldErrors!.Keys.ShouldBe(["name"]);

    [Theory]
    [InlineData(0)]
    [InlineData(18)]
    public void Create_WhenDecimalsAreAtTheEdgesOfTheRange_Accepts(int decimals) =>
        Asset.Create(Btc, "Bitcoin", AssetKind.Crypto, decimals, null).Value.Decimals.ShouldBe(decimals);

    [Theory]
    [InlineData(-1)]
    [InlineData(19)]
    [InlineData(28)]
    public void Create_WhenDecimalsAreOutOfRange_ReturnsValidationOnDecimals(int decimals)
    {
        var asset = Asset.Create(Btc, "Bitcoin", AssetKind.Crypto, decimals, null);

        asset.Error.FieldErrors!["decimals"].ShouldBe(["Must be between 0 and 18."]);
    }

    [Theory]
    [InlineData(0, "10000000000000000000000000000")] // 10^28
    [InlineData(2, "100000000000000000000000000")] // 10^26
    [InlineData(8, "100000000000000000000")] // 10^20
    [InlineData(18, "10000000000")] // 10^10
    public void Limit_WhenRead_IsTenToTheTwentyEightMinusDecimals(int decimals, string expected) =>
        AssetWith(decimals).Limit.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Limit_WhenRead_LeavesEveryValueBelowItExactAtTheAssetsPrecision()
    {
        // The largest USD amount below the limit has 26 + 2 = 28 digits: exactly what a decimal holds.
        var largest = AssetWith(2).Limit - 0.01m;

        largest.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(new string('9', 26) + ".99");
    }

    [Theory]
    [InlineData("1.10", true)] // needs 1 digit
    [InlineData("1.000", true)]
    [InlineData("0.01", true)]
    [InlineData("1.001", false)]
    [InlineData("0.005", false)]
    public void Fits_WhenCalled_ComparesTheNeededFractionDigitsWithTheAssets(string amount, bool expected) =>
        AssetWith(2).Fits(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Theory]
    [InlineData(2, "69.5", "69.50")]
    [InlineData(8, "0.1", "0.10000000")]
    [InlineData(0, "42", "42")]
    [InlineData(2, "-5", "-5.00")]
    public void Format_WhenCalled_RendersExactlyTheAssetsDecimals(int decimals, string amount, string expected) =>
        AssetWith(decimals).Format(decimal.Parse(amount, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(expected);

    private static Asset AssetWith(int decimals) => Asset.Create(AssetCode.Parse("TEST"), "Test", AssetKind.Crypto, decimals, null).Value;
}

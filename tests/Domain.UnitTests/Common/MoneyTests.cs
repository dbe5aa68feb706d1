using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Common;

public class MoneyTests
{
    // USD has 2 decimals, so its limit is 10^(28-2) = 10^26.
    private const decimal UsdLimit = 100_000_000_000_000_000_000_000_000m;

    [Theory]
    [InlineData("12.50")]
    [InlineData("1.000")] // needs 0 fraction digits
    [InlineData("0.01")]
    [InlineData("-7.25")] // a posting's signed amount
    public void Of_WhenAmountFitsTheAssetsDecimals_ReturnsThatAmount(string text)
    {
        var amount = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var money = Money.Of(amount, TestAssets.Usd);

        money.IsSuccess.ShouldBeTrue();
        money.Value.Amount.ShouldBe(amount);
        money.Value.Asset.ShouldBe(TestAssets.Usd);
        money.Value.Code.ShouldBe(TestAssets.Usd.Code);
    }

    [Fact]
    public void Of_WhenAmountHasMoreFractionDigitsThanTheAsset_ReturnsValidationOnTheAmountField()
    {
        var money = Money.Of(1.001m, TestAssets.Usd);

        money.Error.Code.ShouldBe("validation_failed");
        money.Error.Kind.ShouldBe(ErrorKind.Validation);
        money.Error.FieldErrors!.Keys.ShouldBe(["amount"]);
        money.Error.FieldErrors["amount"].ShouldBe(["USD amounts have at most 2 decimal places."]);
    }

    [Fact]
    public void Of_WhenAFieldNameIsGiven_ReportsTheRefusalOnThatField()
    {
        var money = Money.Of(0.000000001m, TestAssets.Btc, "quantity");

        money.Error.FieldErrors!.Keys.ShouldBe(["quantity"]);
        money.Error.FieldErrors["quantity"].ShouldBe(["BTC amounts have at most 8 decimal places."]);
    }

    [Fact]
    public void Of_WhenAmountIsJustBelowTheLimit_Accepts() =>
        Money.Of(UsdLimit - 0.01m, TestAssets.Usd).IsSuccess.ShouldBeTrue();

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Of_WhenTheMagnitudeReachesTheLimit_ReturnsValidation(int sign)
    {
        var money = Money.Of(sign * UsdLimit, TestAssets.Usd);

        money.Error.Code.ShouldBe("validation_failed");
        money.Error.FieldErrors!["amount"].ShouldBe(["Must be less than 100000000000000000000000000 USD."]);
    }

    [Fact]
    public void Of_WhenAssetIsNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => Money.Of(1m, null!));

    [Theory]
    [InlineData("12.50", "12.50")]
    [InlineData("0.01", "0.01")]
    [InlineData("1.000", "1")]
    [InlineData("0012", "12")]
    public void ParsePositive_WhenTextIsAPositiveAmountOfTheAsset_ReturnsIt(string text, string expected)
    {
        var money = Money.ParsePositive(text, TestAssets.Usd);

        money.Value.Amount.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("000")]
    public void ParsePositive_WhenValueIsZero_ReturnsGreaterThanZero(string text) =>
        Money.ParsePositive(text, TestAssets.Usd).Error.FieldErrors!["amount"].ShouldBe(["Must be greater than zero."]);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e2")]
    [InlineData("abc")]
    [InlineData(" 1")]
    public void ParsePositive_WhenTextIsNotADecimalString_ReturnsTheFormatMessage(string? text) =>
        Money.ParsePositive(text, TestAssets.Usd).Error.FieldErrors!["amount"]
            .ShouldBe(["Must be a decimal string such as \"12.50\" (no sign, exponent or spaces)."]);

    [Fact]
    public void ParsePositive_WhenTextHasTooManyFractionDigits_ReportsThePrecisionOnTheGivenField() =>
        Money.ParsePositive("1.001", TestAssets.Usd, "fee").Error.FieldErrors!["fee"].ShouldBe(["USD amounts have at most 2 decimal places."]);

    [Fact]
    public void Add_WhenBothAreTheSameAsset_SumsTheAmounts()
    {
        var sum = MoneyOf.Usd(1.25m) + MoneyOf.Usd(2.50m);

        sum.Amount.ShouldBe(3.75m);
        sum.Asset.ShouldBe(TestAssets.Usd);
        Money.Add(MoneyOf.Usd(1.25m), MoneyOf.Usd(2.50m)).ShouldBe(sum);
    }

    [Fact]
    public void Subtract_WhenBothAreTheSameAsset_SubtractsAndMayGoNegative()
    {
        var difference = MoneyOf.Usd(1.25m) - MoneyOf.Usd(2.50m);

        difference.Amount.ShouldBe(-1.25m);
        Money.Subtract(MoneyOf.Usd(1.25m), MoneyOf.Usd(2.50m)).Amount.ShouldBe(-1.25m);
    }

    [Fact]
    public void Add_WhenAssetsDiffer_ThrowsInvalidOperationException()
    {
        var exception = Should.Throw<InvalidOperationException>(() => MoneyOf.Usd(1m) + MoneyOf.Btc(1m));

        exception.Message.ShouldContain("USD");
        exception.Message.ShouldContain("BTC");
    }

    [Fact]
    public void Subtract_WhenAssetsDiffer_ThrowsInvalidOperationException() =>
        Should.Throw<InvalidOperationException>(() => MoneyOf.Btc(1m) - MoneyOf.Usd(1m));

    [Fact]
    public void Negate_WhenCalled_FlipsTheSignAndKeepsTheAsset()
    {
        var negated = MoneyOf.Btc(0.5m).Negate();

        negated.Amount.ShouldBe(-0.5m);
        negated.Asset.ShouldBe(TestAssets.Btc);
        (-negated).Amount.ShouldBe(0.5m);
    }

    [Fact]
    public void Zero_WhenCreated_IsZeroAndNotPositive()
    {
        var zero = Money.Zero(TestAssets.Eur);

        zero.IsZero.ShouldBeTrue();
        zero.IsPositive.ShouldBeFalse();
        zero.Code.ShouldBe(TestAssets.Eur.Code);
    }

    [Theory]
    [InlineData("0.01", true)]
    [InlineData("-0.01", false)]
    public void IsPositive_WhenCalled_IsTrueOnlyAboveZero(string amount, bool expected) =>
        MoneyOf.Usd(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).IsPositive.ShouldBe(expected);

    [Fact]
    public void ToString_WhenCalled_RendersTheAssetsDecimalsAndCode()
    {
        MoneyOf.Usd(69.5m).ToString().ShouldBe("69.50 USD");
        MoneyOf.Btc(0.1m).ToString().ShouldBe("0.10000000 BTC");
    }
}

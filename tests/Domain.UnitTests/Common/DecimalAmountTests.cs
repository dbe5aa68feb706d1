using System.Globalization;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.UnitTests.Common;

public class DecimalAmountTests
{
    // 28 significant digits: the most a decimal holds exactly.
    private const string TwentyEightDigits = "1234567890123456789012345678";

    // --- TryParse -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("0.00012345", "0.00012345")]
    [InlineData("1", "1")]
    [InlineData("1.000", "1")]
    [InlineData("0", "0")]
    [InlineData("0.0", "0")]
    [InlineData("007.50", "7.5")]
    [InlineData("00000", "0")]
    [InlineData("64250.12", "64250.12")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    public void TryParse_WhenTextIsAPlainDecimal_ReturnsTrueWithTheExactValue(string text, string expected)
    {
        DecimalAmount.TryParse(text, out var value).ShouldBeTrue();

        value.ShouldBe(decimal.Parse(expected, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryParse_WhenTextHasTrailingZeros_KeepsThemAsScaleWithoutChangingTheValue()
    {
        DecimalAmount.TryParse("1.000", out var value).ShouldBeTrue();

        value.ShouldBe(1m);
        DecimalAmount.FractionDigits(value).ShouldBe(0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1\n")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("-0")]
    [InlineData("1e5")]
    [InlineData("1E5")]
    [InlineData("1.5e-3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("∞")]
    [InlineData("1,000")]
    [InlineData("1,5")]
    [InlineData("1_000")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("$5")]
    [InlineData("5 USD")]
    [InlineData("١٢٣")] // Arabic-Indic digits
    [InlineData("１２")] // full-width digits
    [InlineData("1٫5")] // Arabic decimal separator
    public void TryParse_WhenTextIsNotAPlainNonNegativeDecimal_ReturnsFalseAndZero(string? text)
    {
        DecimalAmount.TryParse(text, out var value).ShouldBeFalse();

        value.ShouldBe(0m);
    }

    [Fact]
    public void TryParse_WhenTextHasExactly28SignificantDigits_Accepts()
    {
        DecimalAmount.TryParse(TwentyEightDigits, out var value).ShouldBeTrue();

        value.ToString(CultureInfo.InvariantCulture).ShouldBe(TwentyEightDigits);
    }

    [Fact]
    public void TryParse_WhenAFractionHasExactly28SignificantDigits_AcceptsItExactly()
    {
        DecimalAmount.TryParse("0." + TwentyEightDigits, out var value).ShouldBeTrue();

        value.ToString(CultureInfo.InvariantCulture).ShouldBe("0." + TwentyEightDigits);
    }

    [Fact]
    public void TryParse_When28SignificantDigitsAreSurroundedByZeros_AcceptsBecauseLeadingAndTrailingZerosDoNotCount()
    {
        // 3 leading zeros and 3 trailing zeros make 34 digits, of which 28 are significant.
        DecimalAmount.TryParse("000" + TwentyEightDigits + ".000", out var value).ShouldBeTrue();

        value.ShouldBe(decimal.Parse(TwentyEightDigits, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryParse_WhenOneSignificantDigitHas28TrailingZeros_Accepts()
    {
        // "1." followed by 28 zeros is 29 digits but only one is significant.
        DecimalAmount.TryParse("1." + new string('0', 28), out var value).ShouldBeTrue();

        value.ShouldBe(1m);
    }

    [Theory]
    [InlineData("12345678901234567890123456789")] // 29 digits
    [InlineData("1234567890123456789012345678.9")] // 28 + 1
    [InlineData("0.12345678901234567890123456789")] // 29 in the fraction
    [InlineData("1.0000000000000000000000000001")] // 1, 27 zeros, 1: the inner zeros count
    [InlineData("79228162514264337593543950336")] // decimal.MaxValue + 1
    public void TryParse_WhenTextHasMoreThan28SignificantDigits_ReturnsFalseRatherThanRounding(string text) =>
        DecimalAmount.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void TryParse_WhenTheValueIsBelowTheSmallestDecimalStep_ReturnsFalseRatherThanRoundingToZero()
    {
        // 10^-29 has one significant digit but a decimal cannot hold it; rounding it to 0 would silently lose it.
        DecimalAmount.TryParse("0." + new string('0', 28) + "1", out _).ShouldBeFalse();
    }

    // --- FractionDigits -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("1.000", 0)]
    [InlineData("1.001", 3)]
    [InlineData("0", 0)]
    [InlineData("0.000", 0)]
    [InlineData("0.10", 1)]
    [InlineData("100", 0)]
    [InlineData("-1.50", 1)]
    [InlineData("0.00012345", 8)]
    [InlineData("0.0000000000000000000000000001", 28)]
    public void FractionDigits_WhenCalled_CountsOnlyTheDigitsTheValueNeeds(string text, int expected) =>
        DecimalAmount.FractionDigits(decimal.Parse(text, CultureInfo.InvariantCulture)).ShouldBe(expected);

    // --- Format ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("69.5", 2, "69.50")]
    [InlineData("0.1", 8, "0.10000000")]
    [InlineData("-0.1", 8, "-0.10000000")]
    [InlineData("-25.5", 2, "-25.50")]
    [InlineData("0", 2, "0.00")]
    [InlineData("12", 0, "12")]
    [InlineData("1234567.891", 3, "1234567.891")]
    [InlineData("12.3000", 2, "12.30")]
    [InlineData("0.000000000000000001", 18, "0.000000000000000001")]
    public void Format_WhenValueFitsTheDecimals_RendersExactlyThatManyFractionDigitsWithoutSeparators(string value, int decimals, string expected) =>
        DecimalAmount.Format(decimal.Parse(value, CultureInfo.InvariantCulture), decimals).ShouldBe(expected);

    [Theory]
    [InlineData("0.01", 2)]
    [InlineData("99999999999999999999999999.99", 2)]
    [InlineData("0.12345678", 8)]
    [InlineData("9999999999.999999999999999999", 18)]
    public void Format_WhenValueFitsTheDecimals_RoundTripsThroughTryParse(string text, int decimals)
    {
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);

        var formatted = DecimalAmount.Format(value, decimals);

        DecimalAmount.TryParse(formatted, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(value);
        formatted.ShouldBe(text);
    }

    [Fact]
    public void Format_WhenValueIsNull_ReturnsNull() => DecimalAmount.Format((decimal?)null, 2).ShouldBeNull();

    [Fact]
    public void Format_WhenNullableHasAValue_RendersIt() => DecimalAmount.Format((decimal?)-3.5m, 2).ShouldBe("-3.50");

    // --- MultiplyRounded ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("2.5", "0.05", 2, "0.13")] // 0.125: midpoint, away from zero
    [InlineData("-2.5", "0.05", 2, "-0.13")] // -0.125: away from zero, not towards it
    [InlineData("2.5", "-0.05", 2, "-0.13")]
    [InlineData("-2.5", "-0.05", 2, "0.13")]
    [InlineData("0.124999", "1", 2, "0.12")] // just below the midpoint
    [InlineData("-0.124999", "1", 2, "-0.12")]
    [InlineData("0.5", "0.5", 1, "0.3")] // 0.25: banker's rounding would give 0.2
    [InlineData("-0.5", "0.5", 1, "-0.3")]
    [InlineData("0.5", "0.7", 1, "0.4")] // 0.35: banker's rounding would give 0.4 too, away from zero agrees
    [InlineData("1.5", "1", 0, "2")]
    [InlineData("2.5", "1", 0, "3")] // banker's rounding would give 2
    [InlineData("0.25", "101.02", 2, "25.26")] // 25.255
    [InlineData("0.00012345", "64250.12", 2, "7.93")] // 7.931677314
    [InlineData("0.00000001", "400000", 2, "0.00")] // 0.004
    [InlineData("0.00000001", "500000", 2, "0.01")] // 0.005
    [InlineData("3", "0.1", 4, "0.3000")] // fewer digits than asked: padded, exact
    public void MultiplyRounded_WhenCalled_RoundsTheExactProductHalfAwayFromZero(string a, string b, int decimals, string expected)
    {
        var result = DecimalAmount.MultiplyRounded(Parse(a), Parse(b), decimals);

        result.ShouldBe(Parse(expected));
    }

    [Fact]
    public void MultiplyRounded_WhenCalled_ReturnsAValueWithExactlyTheRequestedScale()
    {
        var result = DecimalAmount.MultiplyRounded(3m, 0.1m, 4);

        result.ToString(CultureInfo.InvariantCulture).ShouldBe("0.3000");
    }

    [Fact]
    public void MultiplyRounded_WhenNaiveDecimalMultiplicationWouldRoundAt28Digits_StillRoundsTheExactProduct()
    {
        // 0.9999999999999999999999999999 (28 nines) × 0.125 = 0.125 - 0.125 × 10^-28
        //                                                   = 0.1249999999999999999999999999875 (exactly),
        // which is below the midpoint 0.125 and so rounds to 0.12.
        var a = 0.9999999999999999999999999999m;
        var b = 0.125m;

        // A decimal keeps 28 fraction digits: the product becomes 0.1250000000000000000000000000, a midpoint that
        // then rounds up to 0.13 — the double rounding this method exists to avoid.
        Math.Round(a * b, 2, MidpointRounding.AwayFromZero).ShouldBe(0.13m);

        DecimalAmount.MultiplyRounded(a, b, 2).ShouldBe(0.12m);
    }

    [Fact]
    public void MultiplyRounded_WhenANegativeProductIsJustAboveMinusTheMidpoint_RoundsTowardsZeroLikeTheExactValue()
    {
        // -0.9999999999999999999999999999 × 0.125 = -0.1249999999999999999999999999875 → -0.12 (naively -0.13).
        var a = -0.9999999999999999999999999999m;

        Math.Round(a * 0.125m, 2, MidpointRounding.AwayFromZero).ShouldBe(-0.13m);
        DecimalAmount.MultiplyRounded(a, 0.125m, 2).ShouldBe(-0.12m);
    }

    [Fact]
    public void MultiplyRounded_WhenTheExactProductHasMoreThan28Digits_KeepsEveryDigitUpToTheRequestedScale()
    {
        // 1.000000000000000000000000001 × 1.000000000000000000000000001
        //   = 1 + 2 × 10^-27 + 10^-54 → to 27 decimals: 1.000000000000000000000000002
        var a = 1.000000000000000000000000001m;

        DecimalAmount.MultiplyRounded(a, a, 27).ShouldBe(1.000000000000000000000000002m);
    }

    [Fact]
    public void MultiplyRounded_WhenTheResultDoesNotFitADecimal_ThrowsOverflowException() =>
        Should.Throw<OverflowException>(() => DecimalAmount.MultiplyRounded(decimal.MaxValue, 10m, 0));

    [Fact]
    public void MultiplyRounded_WhenTheRequestedScaleMakesTheResultTooLarge_ThrowsOverflowException() =>
        // decimal.MaxValue with one fraction digit needs a 30-digit mantissa.
        Should.Throw<OverflowException>(() => DecimalAmount.MultiplyRounded(decimal.MaxValue, 1m, 1));

    // --- DivideRounded --------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("1", "3", 2, "0.33")]
    [InlineData("2", "3", 2, "0.67")]
    [InlineData("1", "8", 2, "0.13")] // 0.125: midpoint, away from zero
    [InlineData("-1", "8", 2, "-0.13")]
    [InlineData("1", "-8", 2, "-0.13")]
    [InlineData("-1", "-8", 2, "0.13")]
    [InlineData("5", "2", 0, "3")] // 2.5: banker's rounding would give 2
    [InlineData("-5", "2", 0, "-3")]
    [InlineData("0.124999", "1", 2, "0.12")]
    [InlineData("100", "4", 2, "25.00")]
    [InlineData("64250.12", "0.5", 2, "128500.24")]
    [InlineData("0", "7", 2, "0.00")]
    public void DivideRounded_WhenCalled_RoundsTheExactQuotientHalfAwayFromZero(string dividend, string divisor, int decimals, string expected) =>
        DecimalAmount.DivideRounded(Parse(dividend), Parse(divisor), decimals).ShouldBe(Parse(expected));

    [Fact]
    public void DivideRounded_WhenAskedFor28Decimals_GivesEveryDigit()
    {
        // 1/3 = 0.333…; the 29th digit is a 3, so the 28th is not rounded up.
        DecimalAmount.DivideRounded(1m, 3m, 28).ShouldBe(0.3333333333333333333333333333m);
    }

    [Fact]
    public void DivideRounded_WhenTheDivisorIsZero_ThrowsDivideByZeroException() =>
        Should.Throw<DivideByZeroException>(() => DecimalAmount.DivideRounded(1m, 0m, 2));

    [Fact]
    public void DivideRounded_WhenTheDivisorIsAZeroWithScale_ThrowsDivideByZeroException() =>
        Should.Throw<DivideByZeroException>(() => DecimalAmount.DivideRounded(1m, 0.000m, 2));

    [Fact]
    public void DivideRounded_WhenTheQuotientDoesNotFitADecimal_ThrowsOverflowException() =>
        Should.Throw<OverflowException>(() => DecimalAmount.DivideRounded(decimal.MaxValue, 0.5m, 0));

    // --- Round ----------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("0.125", 2, "0.13")]
    [InlineData("-0.125", 2, "-0.13")]
    [InlineData("0.124999", 2, "0.12")]
    [InlineData("2.5", 0, "3")]
    [InlineData("-2.5", 0, "-3")]
    public void Round_WhenCalled_RoundsHalfAwayFromZero(string value, int decimals, string expected) =>
        DecimalAmount.Round(Parse(value), decimals).ShouldBe(Parse(expected));

    private static decimal Parse(string text) => decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}

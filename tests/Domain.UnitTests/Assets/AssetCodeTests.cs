using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Domain.UnitTests.Assets;

public class AssetCodeTests
{
    [Theory]
    [InlineData("USD", "USD")]
    [InlineData("btc", "BTC")]
    [InlineData("Usdt", "USDT")]
    [InlineData("1inch", "1INCH")]
    [InlineData("AB", "AB")] // 2, the shortest
    [InlineData("ABCDEFGHIJKL", "ABCDEFGHIJKL")] // 12, the longest
    public void TryParse_WhenTextIsAValidCodeInAnyCase_ReturnsItInUpperCase(string text, string expected)
    {
        var code = AssetCode.TryParse(text);

        code.ShouldNotBeNull();
        code.Value.Value.ShouldBe(expected);
        code.Value.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("A")] // too short
    [InlineData("ABCDEFGHIJKLM")] // 13: too long
    [InlineData("US D")]
    [InlineData(" USD")]
    [InlineData("USD ")]
    [InlineData("US-D")]
    [InlineData("US_D")]
    [InlineData("USD.")]
    [InlineData("USD\n")] // $ in a regex would let a trailing newline through
    [InlineData("ÄBC")]
    [InlineData("ВТС")] // Cyrillic look-alikes of BTC
    public void TryParse_WhenTextIsNotACode_ReturnsNull(string? text) => AssetCode.TryParse(text).ShouldBeNull();

    // With ICU casing "uſd".ToUpperInvariant() is "USD" (U+017F long s → S); the solution runs with
    // InvariantGlobalization, whose casing leaves non-ASCII letters alone, so the code stays refused. This test
    // guards that: turning InvariantGlobalization off would let non-ASCII text become an ASCII code.
    [Fact]
    public void TryParse_WhenTextHasANonAsciiLetterThatUpperCasesToAscii_ReturnsNull() =>
        AssetCode.TryParse("uſd").ShouldBeNull();

    [Fact]
    public void Parse_WhenTextDiffersOnlyInCase_GivesEqualCodes() =>
        AssetCode.Parse("eth").ShouldBe(AssetCode.Parse("ETH"));

    [Fact]
    public void Parse_WhenTextIsNotACode_ThrowsArgumentExceptionNamingTheText()
    {
        var exception = Should.Throw<ArgumentException>(() => AssetCode.Parse("not a code"));

        exception.Message.ShouldContain("'not a code'");
    }
}

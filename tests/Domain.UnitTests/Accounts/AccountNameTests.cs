using PortfolioTracker.Domain.Accounts;

namespace PortfolioTracker.Domain.UnitTests.Accounts;

public class AccountNameTests
{
    [Theory]
    [InlineData("Main", "Main")]
    [InlineData("  Savings  ", "Savings")]
    [InlineData("Crypto & Co. 2025", "Crypto & Co. 2025")]
    [InlineData("Übersee-Konto", "Übersee-Konto")]
    [InlineData("x", "x")]
    public void Create_WhenValueIsValid_KeepsItTrimmed(string value, string expected) =>
        AccountName.Create(value).Value.Value.ShouldBe(expected);

    [Fact]
    public void Create_WhenValueIs100CharactersAfterTrimming_Accepts() =>
        AccountName.Create("  " + new string('a', 100) + "  ").Value.Value.Length.ShouldBe(100);

    [Fact]
    public void Create_WhenValueIs101Characters_ReturnsValidationOnName() =>
        AccountName.Create(new string('a', 101)).Error.FieldErrors!["name"].ShouldBe(["Must be 1-100 characters without control characters."]);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\u0000b")]
    [InlineData("a\u007Fb")]
    public void Create_WhenValueIsBlankOrHasControlCharacters_ReturnsValidation(string? value)
    {
        AccountName.IsValid(value).ShouldBeFalse();
        AccountName.Create(value).Error.Code.ShouldBe("validation_failed");
    }

    [Fact]
    public void Normalized_WhenRead_IsLowerCaseSoNamesAreUniqueRegardlessOfCase() =>
        AccountName.Create("My Savings").Value.Normalized.ShouldBe(AccountName.Create("MY SAVINGS").Value.Normalized);

    [Fact]
    public void Equality_WhenOnlyTheCaseDiffers_NamesAreNotEqual() =>
        AccountName.Create("Main").Value.ShouldNotBe(AccountName.Create("main").Value);

    [Fact]
    public void ToString_WhenCalled_ReturnsTheValue() => AccountName.Create(" Main ").Value.ToString().ShouldBe("Main");
}

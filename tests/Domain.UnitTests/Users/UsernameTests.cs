using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Domain.UnitTests.Users;

public class UsernameTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("alice")]
    [InlineData("Alice_99")]
    [InlineData("___")]
    [InlineData("123")]
    [InlineData("UPPER_lower_09")]
    public void Create_WhenValueIsLettersDigitsOrUnderscores_ReturnsUsernameWithThatValue(string value)
    {
        var result = Username.Create(value);

        result.IsSuccess.ShouldBeTrue();
        result.Value.Value.ShouldBe(value);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    public void IsValid_WhenLengthIsAtTheBoundary_AcceptsOnly3To50(int length, bool expected) =>
        Username.IsValid(new string('a', length)).ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("a b")]
    [InlineData(" abc")]
    [InlineData("abc ")]
    [InlineData("   ")]
    [InlineData("a-b")]
    [InlineData("a.b")]
    [InlineData("ab@c")]
    [InlineData("abc!")]
    [InlineData("ab\tc")]
    [InlineData("abc\r\n")]
    [InlineData("ÄBC")]
    [InlineData("josé")]
    [InlineData("名前です")]
    [InlineData("аbc")] // the first letter is a Cyrillic a
    [InlineData("ａｂｃ")] // full-width letters
    public void Create_WhenValueHasForbiddenCharactersOrLength_ReturnsValidationErrorOnUsername(string value)
    {
        var result = Username.Create(value);

        result.IsFailure.ShouldBeTrue();
        result.Error.Kind.ShouldBe(ErrorKind.Validation);
        result.Error.Code.ShouldBe("validation_failed");
        result.Error.FieldErrors.ShouldNotBeNull();
        result.Error.FieldErrors.Keys.ShouldBe(["username"]);
        result.Error.FieldErrors["username"].ShouldBe(["Must be 3-50 characters of letters, digits or underscores."]);
    }

    [Fact]
    public void IsValid_WhenNull_ReturnsFalse() => Username.IsValid(null).ShouldBeFalse();

    [Fact]
    public void Create_WhenNull_ReturnsValidationErrorOnUsername()
    {
        var result = Username.Create(null);

        result.IsFailure.ShouldBeTrue();
        result.Error.FieldErrors!.Keys.ShouldBe(["username"]);
    }

    [Theory]
    [InlineData("alice\n")]
    [InlineData("abc\n")]
    public void IsValid_WhenValueEndsWithNewline_ReturnsFalse(string value) =>
        Username.IsValid(value).ShouldBeFalse();

    [Fact]
    public void Normalized_WhenValueHasUpperCase_IsTheLowerCaseForm()
    {
        var username = Username.Create("Alice_BOB_42").Value;

        username.Normalized.ShouldBe("alice_bob_42");
        username.Value.ShouldBe("Alice_BOB_42");
    }

    [Fact]
    public void Equality_WhenOnlyCaseDiffers_ValuesDifferButNormalizedFormsMatch()
    {
        var upper = Username.Create("Alice").Value;
        var lower = Username.Create("alice").Value;

        upper.ShouldNotBe(lower);
        upper.Normalized.ShouldBe(lower.Normalized);
    }

    [Fact]
    public void Equality_WhenSameValue_UsernamesAreEqual() =>
        Username.Create("alice").Value.ShouldBe(Username.Create("alice").Value);

    [Fact]
    public void ToString_WhenCalled_ReturnsTheValue() =>
        Username.Create("Alice_1").Value.ToString().ShouldBe("Alice_1");
}

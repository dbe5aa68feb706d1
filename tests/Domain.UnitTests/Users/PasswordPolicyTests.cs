using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Domain.UnitTests.Users;

public class PasswordPolicyTests
{
    private const string TooShort = "Must be at least 8 characters.";
    private const string TooLong = "Must be at most 128 characters.";
    private const string NoUpper = "Must contain an upper-case letter.";
    private const string NoDigit = "Must contain a digit.";

    [Theory]
    [InlineData("Password1")]
    [InlineData("Abcdefg1")] // exactly 8
    [InlineData("correct Horse battery 9 staple")]
    [InlineData("Ölstand1")] // a non-ASCII upper-case letter counts
    public void Check_WhenPasswordMeetsEveryRule_ReturnsNoProblems(string password) =>
        PasswordPolicy.Check(password).ShouldBeEmpty();

    [Fact]
    public void Check_WhenExactly128Characters_ReturnsNoProblems() =>
        PasswordPolicy.Check(Password(128)).ShouldBeEmpty();

    [Fact]
    public void Check_When129Characters_ReturnsOnlyTooLong() =>
        PasswordPolicy.Check(Password(129)).ShouldBe([TooLong]);

    [Fact]
    public void Check_When7Characters_ReturnsOnlyTooShort() =>
        PasswordPolicy.Check(Password(7)).ShouldBe([TooShort]);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Check_WhenNullOrEmpty_ReturnsOnlyIsRequired(string? password) =>
        PasswordPolicy.Check(password).ShouldBe(["Is required."]);

    [Fact]
    public void Check_WhenNoUpperCaseLetter_ReturnsOnlyMissingUpper() =>
        PasswordPolicy.Check("password1").ShouldBe([NoUpper]);

    [Fact]
    public void Check_WhenNoDigit_ReturnsOnlyMissingDigit() =>
        PasswordPolicy.Check("Password").ShouldBe([NoDigit]);

    [Fact]
    public void Check_WhenShortWithoutUpperOrDigit_ReturnsAllThreeProblemsInOrder() =>
        PasswordPolicy.Check("abc").ShouldBe([TooShort, NoUpper, NoDigit]);

    [Fact]
    public void Check_WhenLongWithoutUpperOrDigit_ReturnsAllThreeProblemsInOrder() =>
        PasswordPolicy.Check(new string('a', 129)).ShouldBe([TooLong, NoUpper, NoDigit]);

    [Fact]
    public void Check_WhenShortWithoutDigit_ReturnsTooShortAndMissingDigit() =>
        PasswordPolicy.Check("Abcdef").ShouldBe([TooShort, NoDigit]);

    [Fact]
    public void Check_WhenOnlyWhitespace_IsNotTreatedAsMissingButFailsTheCharacterRules() =>
        PasswordPolicy.Check("        ").ShouldBe([NoUpper, NoDigit]);

    /// <summary>A password of <paramref name="length"/> characters that meets the upper-case and digit rules.</summary>
    private static string Password(int length) => "A1" + new string('x', length - 2);
}

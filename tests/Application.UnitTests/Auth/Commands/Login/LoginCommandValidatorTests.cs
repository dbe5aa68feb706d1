using FluentValidation;
using PortfolioTracker.Application.Auth.Commands.Login;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Auth.Commands.Login;

public class LoginCommandValidatorTests
{
    private static readonly LoginCommand Valid = new("alice@example.com", "Password1");

    private readonly LoginCommandValidator validator;

    public LoginCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new LoginCommandValidator();
    }

    [Fact]
    public void Validate_WhenEmailAndPasswordArePresent_Passes() => validator.Validate(Valid).IsValid.ShouldBeTrue();

    [Fact]
    public void Validate_WhenPasswordBreaksThePolicyForNewPasswords_StillPasses() =>
        validator.Validate(Valid with { Password = "weak" }).IsValid.ShouldBeTrue();

    [Fact]
    public void Validate_WhenEmailIsNotWellFormed_StillPasses() =>
        validator.Validate(Valid with { Email = "not-an-address" }).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_WhenEmailIsMissing_ReportsOnlyIsRequiredOnEmail(string? email) =>
        validator.Validate(Valid with { Email = email! }).ShouldFailOnlyOn("Email").ShouldBe(["Is required."]);

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_WhenPasswordIsMissing_ReportsOnlyIsRequiredOnPassword(string? password) =>
        validator.Validate(Valid with { Password = password! }).ShouldFailOnlyOn("Password").ShouldBe(["Is required."]);

    [Fact]
    public void Validate_WhenEmailIs254Characters_Passes() =>
        validator.Validate(Valid with { Email = new string('a', 244) + "@b.example" }).IsValid.ShouldBeTrue();

    [Fact]
    public void Validate_WhenEmailIs255Characters_ReportsTooLongOnEmail() =>
        validator.Validate(Valid with { Email = new string('a', 245) + "@b.example" }).ShouldFailOnlyOn("Email")
            .ShouldBe(["Must be at most 254 characters."]);

    [Fact]
    public void Validate_WhenPasswordIs128Characters_Passes() =>
        validator.Validate(Valid with { Password = new string('p', 128) }).IsValid.ShouldBeTrue();

    [Fact]
    public void Validate_WhenPasswordIs129Characters_ReportsTooLongOnPassword() =>
        validator.Validate(Valid with { Password = new string('p', 129) }).ShouldFailOnlyOn("Password")
            .ShouldBe(["Must be at most 128 characters."]);
}

using FluentValidation;
using PortfolioTracker.Application.Auth.Commands.Register;
using PortfolioTracker.Application.Common.Behaviours;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Auth.Commands.Register;

public class RegisterUserCommandValidatorTests
{
    private const string UsernameRule = "Must be 3-50 characters of letters, digits or underscores.";
    private static readonly RegisterUserCommand Valid = new("alice_01", "alice@example.com", "Password1");

    private readonly RegisterUserCommandValidator validator;

    public RegisterUserCommandValidatorTests()
    {
        // AddApplication sets this for the whole process; the validators are written for it.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new RegisterUserCommandValidator();
    }

    [Fact]
    public void Validate_WhenEveryFieldIsValid_Passes() => validator.Validate(Valid).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Validate_WhenUsernameIsMissing_ReportsOnlyIsRequiredOnUsername(string? username) =>
        validator.Validate(Valid with { Username = username! }).ShouldFailOnlyOn("Username").ShouldBe(["Is required."]);

    [Theory]
    [InlineData("ab")]
    [InlineData("a b c")]
    [InlineData("alice!")]
    [InlineData("ÄBC")]
    public void Validate_WhenUsernameBreaksTheFormat_ReportsOneFormatMessageOnUsername(string username) =>
        validator.Validate(Valid with { Username = username }).ShouldFailOnlyOn("Username").ShouldBe([UsernameRule]);

    [Fact]
    public void Validate_WhenUsernameEndsWithANewline_ReportsTheFormatMessage() =>
        validator.Validate(Valid with { Username = "alice\n" }).ShouldFailOnlyOn("Username").ShouldBe([UsernameRule]);

    [Fact]
    public void Validate_WhenUsernameIs51Characters_ReportsTheFormatMessage() =>
        validator.Validate(Valid with { Username = new string('a', 51) }).ShouldFailOnlyOn("Username").ShouldBe([UsernameRule]);

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_WhenEmailIsMissing_ReportsOnlyIsRequiredOnEmail(string? email) =>
        validator.Validate(Valid with { Email = email! }).ShouldFailOnlyOn("Email").ShouldBe(["Is required."]);

    [Theory]
    [InlineData("alice")]
    [InlineData("alice@example")]
    [InlineData("Alice <alice@example.com>")]
    [InlineData("alice@example.com ")]
    public void Validate_WhenEmailIsMalformed_ReportsOneFormatMessageOnEmail(string email) =>
        validator.Validate(Valid with { Email = email }).ShouldFailOnlyOn("Email").ShouldBe(["Must be a valid e-mail address."]);

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_WhenPasswordIsMissing_ReportsOnlyIsRequiredOnPassword(string? password) =>
        validator.Validate(Valid with { Password = password! }).ShouldFailOnlyOn("Password").ShouldBe(["Is required."]);

    [Fact]
    public void Validate_WhenPasswordBreaksSeveralRules_ReportsEachPolicyProblemOnPassword() =>
        validator.Validate(Valid with { Password = "abc" }).ShouldFailOnlyOn("Password")
            .ShouldBe(["Must be at least 8 characters.", "Must contain an upper-case letter.", "Must contain a digit."]);

    [Fact]
    public void Validate_WhenPasswordIs129Characters_ReportsTooLongOnPassword() =>
        validator.Validate(Valid with { Password = "A1" + new string('x', 127) }).ShouldFailOnlyOn("Password")
            .ShouldBe(["Must be at most 128 characters."]);

    [Fact]
    public void Validate_WhenPasswordIsExactly8Characters_Passes() =>
        validator.Validate(Valid with { Password = "Abcdefg1" }).IsValid.ShouldBeTrue();

    [Fact]
    public void Validate_WhenEveryFieldIsInvalid_ReportsEachField()
    {
        var result = validator.Validate(new RegisterUserCommand(string.Empty, "nope", "password1"));

        result.Errors.Select(e => e.PropertyName).ShouldBe(["Username", "Email", "Password"]);
    }

    [Fact]
    public async Task ValidationBehaviour_WhenEveryFieldIsInvalid_KeysTheMessagesByTheCamelCaseJsonNames()
    {
        var behaviour = new ValidationBehaviour<RegisterUserCommand, Result<Application.Users.UserDto>>([validator]);

        var response = await behaviour.Handle(
            new RegisterUserCommand("x", string.Empty, "abc"),
            CancellationToken.None,
            () => throw new InvalidOperationException("The handler must not run."));

        var fieldErrors = response.Error.FieldErrors.ShouldNotBeNull();
        fieldErrors.Keys.ShouldBe(["username", "email", "password"], ignoreOrder: true);
        fieldErrors["username"].ShouldBe([UsernameRule]);
        fieldErrors["email"].ShouldBe(["Is required."]);
        fieldErrors["password"].Length.ShouldBe(3);
    }
}

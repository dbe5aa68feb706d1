using PortfolioTracker.Application.Common.Concurrency;
using FluentValidation;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users.Commands.UpdateUser;

namespace PortfolioTracker.Application.UnitTests.Users.Commands.UpdateUser;

public class UpdateUserCommandValidatorTests
{
    private const string RoleRule = "Must be 'user' or 'admin'.";
    private static readonly UpdateUserCommand Valid = new(Guid.NewGuid(), "alice", "alice@example.com", Role: null, IfMatch: null);

    private readonly UpdateUserCommandValidator validator;

    public UpdateUserCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new UpdateUserCommandValidator();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("user")]
    [InlineData("admin")]
    public void Validate_WhenRoleIsNullOrAKnownName_Passes(string? role) =>
        validator.Validate(Valid with { Role = role }).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("Admin")]
    [InlineData("USER")]
    [InlineData("root")]
    [InlineData(" admin")]
    [InlineData("1")]
    public void Validate_WhenRoleIsAnythingElse_ReportsTheRoleRuleOnRole(string role) =>
        validator.Validate(Valid with { Role = role }).ShouldFailOnlyOn("Role").ShouldBe([RoleRule]);

    [Theory]
    [InlineData("", "Is required.")]
    [InlineData("a", "Must be 3-50 characters of letters, digits or underscores.")]
    [InlineData("al ice", "Must be 3-50 characters of letters, digits or underscores.")]
    public void Validate_WhenUsernameIsInvalid_ReportsOneMessageOnUsername(string username, string message) =>
        validator.Validate(Valid with { Username = username }).ShouldFailOnlyOn("Username").ShouldBe([message]);

    [Theory]
    [InlineData("", "Is required.")]
    [InlineData("alice@", "Must be a valid e-mail address.")]
    [InlineData("A <alice@example.com>", "Must be a valid e-mail address.")]
    public void Validate_WhenEmailIsInvalid_ReportsOneMessageOnEmail(string email, string message) =>
        validator.Validate(Valid with { Email = email }).ShouldFailOnlyOn("Email").ShouldBe([message]);

    [Fact]
    public void Validate_WhenExpectedVersionIsGiven_DoesNotAffectValidation() =>
        validator.Validate(Valid with { IfMatch = IfMatch.Of(7) }).IsValid.ShouldBeTrue();
}

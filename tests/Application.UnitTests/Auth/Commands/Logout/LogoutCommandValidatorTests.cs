using FluentValidation;
using PortfolioTracker.Application.Auth.Commands.Logout;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Auth.Commands.Logout;

public class LogoutCommandValidatorTests
{
    private readonly LogoutCommandValidator validator;

    public LogoutCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new LogoutCommandValidator();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(512)]
    public void Validate_WhenTokenIsUpTo512Characters_Passes(int length) =>
        validator.Validate(new LogoutCommand(new string('t', length))).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_WhenTokenIsMissing_ReportsOnlyIsRequired(string? token) =>
        validator.Validate(new LogoutCommand(token!)).ShouldFailOnlyOn("RefreshToken").ShouldBe(["Is required."]);

    [Fact]
    public void Validate_WhenTokenIs513Characters_ReportsTooLong() =>
        validator.Validate(new LogoutCommand(new string('t', 513))).ShouldFailOnlyOn("RefreshToken")
            .ShouldBe(["Must be at most 512 characters."]);
}

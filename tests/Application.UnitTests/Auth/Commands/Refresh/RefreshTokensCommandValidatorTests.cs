using FluentValidation;
using PortfolioTracker.Application.Auth.Commands.Refresh;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Auth.Commands.Refresh;

public class RefreshTokensCommandValidatorTests
{
    private readonly RefreshTokensCommandValidator validator;

    public RefreshTokensCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new RefreshTokensCommandValidator();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(512)]
    public void Validate_WhenTokenIsUpTo512Characters_Passes(int length) =>
        validator.Validate(new RefreshTokensCommand(new string('t', length))).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_WhenTokenIsMissing_ReportsOnlyIsRequired(string? token) =>
        validator.Validate(new RefreshTokensCommand(token!)).ShouldFailOnlyOn("RefreshToken").ShouldBe(["Is required."]);

    [Fact]
    public void Validate_WhenTokenIs513Characters_ReportsTooLong() =>
        validator.Validate(new RefreshTokensCommand(new string('t', 513))).ShouldFailOnlyOn("RefreshToken")
            .ShouldBe(["Must be at most 512 characters."]);
}

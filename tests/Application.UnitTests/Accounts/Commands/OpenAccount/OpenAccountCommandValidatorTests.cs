using FluentValidation;
using PortfolioTracker.Application.Accounts.Commands.OpenAccount;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Accounts.Commands.OpenAccount;

public class OpenAccountCommandValidatorTests
{
    private const string NameRule = "Must be 1-100 characters without control characters.";

    private readonly OpenAccountCommandValidator validator;

    public OpenAccountCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new OpenAccountCommandValidator(TestAssets.Catalog());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("USD")]
    [InlineData("eur")]
    [InlineData("BTC")]
    public async Task Validate_WhenBaseCurrencyIsAbsentOrKnown_Passes(string? baseCurrency) =>
        (await validator.ValidateAsync(new OpenAccountCommand("Main", baseCurrency))).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("XYZ")]
    [InlineData("US D")]
    public async Task Validate_WhenBaseCurrencyIsUnknown_ReportsIt(string baseCurrency) =>
        (await validator.ValidateAsync(new OpenAccountCommand("Main", baseCurrency))).ShouldFailOnlyOn("BaseCurrency")
            .ShouldBe([$"'{baseCurrency}' is not a known asset (see GET /api/v1/assets)."]);

    [Fact]
    public async Task Validate_WhenBaseCurrencyIsEmpty_ReportsItIsRequired() =>
        (await validator.ValidateAsync(new OpenAccountCommand("Main", string.Empty))).ShouldFailOnlyOn("BaseCurrency").ShouldBe(["Is required."]);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\nb")]
    public async Task Validate_WhenNameIsBlankOrHasControlCharacters_ReportsTheNameRule(string name) =>
        (await validator.ValidateAsync(new OpenAccountCommand(name, null))).ShouldFailOnlyOn("Name").ShouldBe([NameRule]);

    [Fact]
    public async Task Validate_WhenNameIs101Characters_ReportsTheNameRule() =>
        (await validator.ValidateAsync(new OpenAccountCommand(new string('n', 101), null))).ShouldFailOnlyOn("Name").ShouldBe([NameRule]);
}

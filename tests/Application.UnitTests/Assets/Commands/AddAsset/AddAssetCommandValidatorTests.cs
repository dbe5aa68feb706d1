using FluentValidation;
using PortfolioTracker.Application.Assets.Commands.AddAsset;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Assets.Commands.AddAsset;

public class AddAssetCommandValidatorTests
{
    private static readonly AddAssetCommand Valid = new("SOL", "Solana", "crypto", 9, "solana");

    private readonly AddAssetCommandValidator validator;

    public AddAssetCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new AddAssetCommandValidator();
    }

    [Fact]
    public void Validate_WhenEveryFieldIsValid_Passes() => validator.Validate(Valid).IsValid.ShouldBeTrue();

    [Fact]
    public void Validate_WhenPriceIdIsAbsent_Passes() => validator.Validate(Valid with { PriceId = null }).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("S")]
    [InlineData("SOLANATOKEN13")]
    [InlineData("SO-L")]
    [InlineData("SOL\n")]
    [InlineData("")]
    public void Validate_WhenCodeIsNotACode_ReportsIt(string code) =>
        validator.Validate(Valid with { Code = code }).ShouldFailOnlyOn("Code").ShouldBe(["Must be 2-12 letters or digits."]);

    [Fact]
    public void Validate_WhenCodeIsLowerCase_PassesBecauseCodesAreCaseInsensitive() =>
        validator.Validate(Valid with { Code = "sol" }).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Sol\tana")]
    public void Validate_WhenNameIsBlankOrHasControlCharacters_ReportsIt(string name) =>
        validator.Validate(Valid with { Name = name }).ShouldFailOnlyOn("Name");

    [Fact]
    public void Validate_WhenNameIs101Characters_ReportsIt() =>
        validator.Validate(Valid with { Name = new string('n', 101) }).ShouldFailOnlyOn("Name");

    [Theory]
    [InlineData("fiat")]
    [InlineData("crypto")]
    public void Validate_WhenKindIsFiatOrCrypto_Passes(string kind) => validator.Validate(Valid with { Kind = kind }).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("Crypto")]
    [InlineData("stock")]
    [InlineData("")]
    public void Validate_WhenKindIsAnythingElse_ReportsIt(string kind) =>
        validator.Validate(Valid with { Kind = kind }).ShouldFailOnlyOn("Kind").ShouldBe(["Must be 'fiat' or 'crypto'."]);

    [Fact]
    public void Validate_WhenDecimalsAreMissing_ReportsTheyAreRequired() =>
        validator.Validate(Valid with { Decimals = null }).ShouldFailOnlyOn("Decimals").ShouldBe(["Is required."]);

    [Theory]
    [InlineData(0)]
    [InlineData(18)]
    public void Validate_WhenDecimalsAreAtTheEdgesOfTheRange_Passes(int decimals) =>
        validator.Validate(Valid with { Decimals = decimals }).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData(-1)]
    [InlineData(19)]
    public void Validate_WhenDecimalsAreOutOfRange_ReportsTheRange(int decimals) =>
        validator.Validate(Valid with { Decimals = decimals }).ShouldFailOnlyOn("Decimals").ShouldBe(["Must be between 0 and 18."]);

    [Theory]
    [InlineData("Solana")]
    [InlineData("-solana")]
    [InlineData("sol ana")]
    [InlineData("")]
    public void Validate_WhenPriceIdIsNotAMarketDataId_ReportsIt(string priceId) =>
        validator.Validate(Valid with { PriceId = priceId }).ShouldFailOnlyOn("PriceId");
}

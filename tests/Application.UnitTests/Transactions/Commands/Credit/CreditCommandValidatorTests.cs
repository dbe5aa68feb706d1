using FluentValidation;
using PortfolioTracker.Application.Transactions.Commands.Credit;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Credit;

/// <summary>The credit validator, and through it the shared asset, amount, description and idempotency-key rules.</summary>
public class CreditCommandValidatorTests
{
    private const string FormatMessage = "Must be a decimal string such as \"12.50\" (no sign, exponent or spaces; at most 28 significant digits).";
    private const string KeyMessage = "Must be 1-255 printable ASCII characters.";
    private static readonly CreditCommand Valid = new(Guid.NewGuid(), "USD", "12.50", "Salary", "key-1");

    private readonly CreditCommandValidator validator;

    public CreditCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new CreditCommandValidator(TestAssets.Catalog());
    }

    [Fact]
    public async Task Validate_WhenEveryFieldIsValid_Passes() => (await validator.ValidateAsync(Valid)).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenOptionalFieldsAreAbsent_Passes() =>
        (await validator.ValidateAsync(Valid with { Description = null, IdempotencyKey = null })).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenAccountIdIsEmpty_ReportsItIsRequired() =>
        (await validator.ValidateAsync(Valid with { AccountId = Guid.Empty })).ShouldFailOnlyOn("AccountId").ShouldBe(["Is required."]);

    // --- asset ----------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("usd")]
    [InlineData("Btc")]
    public async Task Validate_WhenAssetIsAKnownCodeInAnyCase_Passes(string asset) =>
        (await validator.ValidateAsync(Valid with { Asset = asset, Amount = "1" })).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("XYZ")]
    [InlineData("U$D")]
    public async Task Validate_WhenAssetIsUnknown_ReportsOnlyTheAsset(string asset) =>
        // The amount is not checked against an asset that does not exist: the asset's own message says why.
        (await validator.ValidateAsync(Valid with { Asset = asset, Amount = "1.001" })).ShouldFailOnlyOn("Asset")
            .ShouldBe([$"'{asset}' is not a known asset (see GET /api/v1/assets)."]);

    [Fact]
    public async Task Validate_WhenAssetIsEmpty_ReportsItIsRequired() =>
        (await validator.ValidateAsync(Valid with { Asset = string.Empty })).ShouldFailOnlyOn("Asset").ShouldBe(["Is required."]);

    // --- amount ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("1")]
    [InlineData("1.000")] // needs no fraction digit at all
    [InlineData("0.01")]
    [InlineData("0012.50")]
    [InlineData("99999999999999999999999999.99")] // the largest USD amount below the limit of 10^26
    public async Task Validate_WhenAmountIsAPositiveAmountOfTheAsset_Passes(string amount) =>
        (await validator.ValidateAsync(Valid with { Amount = amount })).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e5")]
    [InlineData("1E5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,000")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("0x10")]
    [InlineData("12345678901234567890123456789")] // 29 significant digits
    public async Task Validate_WhenAmountIsNotAPlainDecimal_ReportsTheFormat(string amount) =>
        (await validator.ValidateAsync(Valid with { Amount = amount })).ShouldFailOnlyOn("Amount").ShouldBe([FormatMessage]);

    [Fact]
    public async Task Validate_WhenAmountIsEmpty_ReportsItIsRequired() =>
        (await validator.ValidateAsync(Valid with { Amount = string.Empty })).ShouldFailOnlyOn("Amount").ShouldBe(["Is required."]);

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    public async Task Validate_WhenAmountIsZero_ReportsItMustBePositive(string amount) =>
        (await validator.ValidateAsync(Valid with { Amount = amount })).ShouldFailOnlyOn("Amount").ShouldBe(["Must be greater than zero."]);

    [Theory]
    [InlineData("USD", "1.001", "USD amounts have at most 2 decimal places.")]
    [InlineData("BTC", "0.000000001", "BTC amounts have at most 8 decimal places.")]
    [InlineData("ETH", "0.0000000000000000001", "ETH amounts have at most 18 decimal places.")]
    public async Task Validate_WhenAmountHasMoreDecimalsThanTheAsset_ReportsThePrecision(string asset, string amount, string message) =>
        (await validator.ValidateAsync(Valid with { Asset = asset, Amount = amount })).ShouldFailOnlyOn("Amount").ShouldBe([message]);

    [Theory]
    [InlineData("BTC", "0.00000001")]
    [InlineData("ETH", "0.000000000000000001")]
    public async Task Validate_WhenAmountUsesExactlyTheAssetsDecimals_Passes(string asset, string amount) =>
        (await validator.ValidateAsync(Valid with { Asset = asset, Amount = amount })).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenAmountReachesTheAssetsLimit_ReportsTheLimit() =>
        // 10^26 USD: 27 digits, a valid decimal string, but beyond what a USD balance may hold.
        (await validator.ValidateAsync(Valid with { Amount = "1" + new string('0', 26) })).ShouldFailOnlyOn("Amount")
            .ShouldBe(["Must be less than 100000000000000000000000000 USD."]);

    // --- description ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("Line one\nLine two")]
    [InlineData("Tab\tseparated")]
    public async Task Validate_WhenDescriptionHasNewlinesOrTabs_Passes(string description) =>
        (await validator.ValidateAsync(Valid with { Description = description })).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenDescriptionIs500Characters_Passes() =>
        (await validator.ValidateAsync(Valid with { Description = new string('d', 500) })).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData(501, "")]
    [InlineData(3, "\u0000")]
    [InlineData(3, "\r")]
    public async Task Validate_WhenDescriptionIsTooLongOrHasControlCharacters_ReportsIt(int length, string extra) =>
        (await validator.ValidateAsync(Valid with { Description = new string('d', length) + extra })).ShouldFailOnlyOn("Description")
            .ShouldBe(["Must be at most 500 characters without control characters."]);

    // --- Idempotency-Key ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    public async Task Validate_WhenIdempotencyKeyLengthIsWithin1To255_Passes(int length) =>
        (await validator.ValidateAsync(Valid with { IdempotencyKey = new string('k', length) })).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenIdempotencyKeyUsesEveryPrintableAsciiCharacter_Passes()
    {
        var printable = new string([.. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c)]);

        (await validator.ValidateAsync(Valid with { IdempotencyKey = printable })).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("key\u0001")]
    [InlineData("key\t1")]
    [InlineData("key\n")]
    [InlineData("key\u007F")]
    [InlineData("schlüssel")]
    [InlineData("ключ")]
    public async Task Validate_WhenIdempotencyKeyIsEmptyOrNotPrintableAscii_ReportsItUnderTheHeaderName(string key) =>
        (await validator.ValidateAsync(Valid with { IdempotencyKey = key })).ShouldFailOnlyOn("Idempotency-Key").ShouldBe([KeyMessage]);

    [Fact]
    public async Task Validate_WhenIdempotencyKeyIs256Characters_ReportsItUnderTheHeaderName() =>
        (await validator.ValidateAsync(Valid with { IdempotencyKey = new string('k', 256) })).ShouldFailOnlyOn("Idempotency-Key").ShouldBe([KeyMessage]);

    [Fact]
    public async Task Validate_WhenSeveralFieldsAreInvalid_ReportsEachOnce()
    {
        var result = await validator.ValidateAsync(new CreditCommand(Guid.Empty, "XYZ", "-1", null, string.Empty));

        result.Errors.Select(e => e.PropertyName).ShouldBe(["AccountId", "Asset", "Amount", "Idempotency-Key"]);
    }
}

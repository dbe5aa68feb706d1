using FluentValidation;
using PortfolioTracker.Application.Transactions.Commands.Trade;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Trade;

public class TradeCommandValidatorTests
{
    private const string PriceFormat = "Must be a decimal string such as \"64250.12\" (no sign, exponent or spaces; at most 28 significant digits).";
    private static readonly TradeCommand Valid = new(Guid.NewGuid(), "buy", "BTC", "0.5", "USD", "64250.12", "1.50", null, "key");

    private readonly TradeCommandValidator validator;

    public TradeCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new TradeCommandValidator(TestAssets.Catalog());
    }

    [Fact]
    public async Task Validate_WhenEveryFieldIsValid_Passes() => (await validator.ValidateAsync(Valid)).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("buy")]
    [InlineData("sell")]
    public async Task Validate_WhenSideIsBuyOrSell_Passes(string side) =>
        (await validator.ValidateAsync(Valid with { Side = side })).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("BUY")]
    [InlineData("Sell")]
    [InlineData("hold")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Validate_WhenSideIsAnythingElse_ReportsTheAllowedValues(string? side) =>
        (await validator.ValidateAsync(Valid with { Side = side! })).ShouldFailOnlyOn("Side").ShouldBe(["Must be 'buy' or 'sell'."]);

    [Fact]
    public async Task Validate_WhenQuoteAssetIsUnknown_ReportsOnlyTheQuoteAssetNotTheFee() =>
        (await validator.ValidateAsync(Valid with { QuoteAsset = "XYZ", Fee = "1.001" })).ShouldFailOnlyOn("QuoteAsset");

    [Fact]
    public async Task Validate_WhenQuantityHasMoreDecimalsThanTheAsset_ReportsThePrecision() =>
        (await validator.ValidateAsync(Valid with { Quantity = "0.123456789" })).ShouldFailOnlyOn("Quantity")
            .ShouldBe(["BTC amounts have at most 8 decimal places."]);

    [Fact]
    public async Task Validate_WhenQuantityIsZero_ReportsItMustBePositive() =>
        (await validator.ValidateAsync(Valid with { Quantity = "0" })).ShouldFailOnlyOn("Quantity").ShouldBe(["Must be greater than zero."]);

    // --- price ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Validate_WhenPriceIsAbsent_PassesBecauseTheMarketPriceIsUsed() =>
        (await validator.ValidateAsync(Valid with { Price = null })).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("0.000000000123")] // more decimals than the quote asset: a price is not an amount of it
    [InlineData("1")]
    [InlineData("64250.120000")]
    public async Task Validate_WhenPriceIsAPositiveDecimalOfAnyPrecision_Passes(string price) =>
        (await validator.ValidateAsync(Valid with { Price = price })).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("NaN")]
    [InlineData("64,250.12")]
    public async Task Validate_WhenPriceIsNotAPlainDecimal_ReportsTheFormat(string price) =>
        (await validator.ValidateAsync(Valid with { Price = price })).ShouldFailOnlyOn("Price").ShouldBe([PriceFormat]);

    [Theory]
    [InlineData("0")]
    [InlineData("0.000")]
    public async Task Validate_WhenPriceIsZero_ReportsItMustBePositive(string price) =>
        (await validator.ValidateAsync(Valid with { Price = price })).ShouldFailOnlyOn("Price").ShouldBe(["Must be greater than zero."]);

    // --- fee ------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("2.5")]
    public async Task Validate_WhenFeeIsAbsentZeroOrPositive_Passes(string? fee) =>
        (await validator.ValidateAsync(Valid with { Fee = fee })).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenFeeHasMoreDecimalsThanTheQuoteAsset_ReportsThePrecision() =>
        (await validator.ValidateAsync(Valid with { Fee = "1.001" })).ShouldFailOnlyOn("Fee").ShouldBe(["USD amounts have at most 2 decimal places."]);

    [Fact]
    public async Task Validate_WhenFeeFitsTheQuoteAssetsPrecision_Passes() =>
        (await validator.ValidateAsync(Valid with { QuoteAsset = "ETH", Fee = "0.000000001" })).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("-1")]
    [InlineData("1E2")]
    public async Task Validate_WhenFeeIsNotAPlainDecimal_ReportsTheFormat(string fee) =>
        (await validator.ValidateAsync(Valid with { Fee = fee })).ShouldFailOnlyOn("Fee");

    [Fact]
    public async Task Validate_WhenFeeIsEmpty_ReportsItIsRequired() =>
        // An explicit empty fee is not an absent one.
        (await validator.ValidateAsync(Valid with { Fee = string.Empty })).ShouldFailOnlyOn("Fee").ShouldBe(["Is required."]);

    [Fact]
    public async Task Validate_WhenIdempotencyKeyHasAControlCharacter_ReportsItUnderTheHeaderName() =>
        (await validator.ValidateAsync(Valid with { IdempotencyKey = "a\u001bb" })).ShouldFailOnlyOn("Idempotency-Key");
}

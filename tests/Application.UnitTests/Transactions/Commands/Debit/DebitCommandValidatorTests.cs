using FluentValidation;
using PortfolioTracker.Application.Transactions.Commands.Debit;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Debit;

public class DebitCommandValidatorTests
{
    private static readonly DebitCommand Valid = new(Guid.NewGuid(), "BTC", "0.00012345", null, null);

    private readonly DebitCommandValidator validator;

    public DebitCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new DebitCommandValidator(TestAssets.Catalog());
    }

    [Fact]
    public async Task Validate_WhenEveryFieldIsValid_Passes() => (await validator.ValidateAsync(Valid)).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenAmountHasMoreDecimalsThanTheAsset_ReportsThePrecision() =>
        (await validator.ValidateAsync(Valid with { Amount = "0.000123456" })).ShouldFailOnlyOn("Amount")
            .ShouldBe(["BTC amounts have at most 8 decimal places."]);

    [Fact]
    public async Task Validate_WhenAssetIsUnknown_ReportsTheAsset() =>
        (await validator.ValidateAsync(Valid with { Asset = "DOGE" })).ShouldFailOnlyOn("Asset").ShouldBe(["'DOGE' is not a known asset (see GET /api/v1/assets)."]);

    [Fact]
    public async Task Validate_WhenIdempotencyKeyIsTooLong_ReportsItUnderTheHeaderName() =>
        (await validator.ValidateAsync(Valid with { IdempotencyKey = new string('k', 256) })).ShouldFailOnlyOn("Idempotency-Key");
}

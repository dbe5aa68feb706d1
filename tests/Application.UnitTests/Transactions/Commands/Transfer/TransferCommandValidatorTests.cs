using FluentValidation;
using PortfolioTracker.Application.Transactions.Commands.Transfer;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Transfer;

public class TransferCommandValidatorTests
{
    private static readonly TransferCommand Valid = new(Guid.NewGuid(), Guid.NewGuid(), "EUR", "40.00", "Rent", Pending: true, "key");

    private readonly TransferCommandValidator validator;

    public TransferCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new TransferCommandValidator(TestAssets.Catalog());
    }

    [Fact]
    public async Task Validate_WhenEveryFieldIsValid_Passes() => (await validator.ValidateAsync(Valid)).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenSourceAndTargetAreTheSame_PassesBecauseThatIsABusinessRule()
    {
        var id = Guid.NewGuid();

        (await validator.ValidateAsync(Valid with { FromAccountId = id, ToAccountId = id })).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Validate_WhenSourceIsEmpty_ReportsItIsRequired() =>
        (await validator.ValidateAsync(Valid with { FromAccountId = Guid.Empty })).ShouldFailOnlyOn("FromAccountId").ShouldBe(["Is required."]);

    [Fact]
    public async Task Validate_WhenTargetIsEmpty_ReportsItIsRequired() =>
        (await validator.ValidateAsync(Valid with { ToAccountId = Guid.Empty })).ShouldFailOnlyOn("ToAccountId").ShouldBe(["Is required."]);

    [Theory]
    [InlineData("40.001", "EUR amounts have at most 2 decimal places.")]
    [InlineData("0", "Must be greater than zero.")]
    [InlineData("-40", "Must be a decimal string such as \"12.50\" (no sign, exponent or spaces; at most 28 significant digits).")]
    public async Task Validate_WhenAmountIsInvalid_ReportsWhy(string amount, string message) =>
        (await validator.ValidateAsync(Valid with { Amount = amount })).ShouldFailOnlyOn("Amount").ShouldBe([message]);

    [Fact]
    public async Task Validate_WhenIdempotencyKeyIsEmpty_ReportsItUnderTheHeaderName() =>
        (await validator.ValidateAsync(Valid with { IdempotencyKey = string.Empty })).ShouldFailOnlyOn("Idempotency-Key");
}

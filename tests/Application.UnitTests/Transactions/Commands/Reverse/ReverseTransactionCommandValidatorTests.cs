using FluentValidation;
using PortfolioTracker.Application.Transactions.Commands.Reverse;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Reverse;

public class ReverseTransactionCommandValidatorTests
{
    private readonly ReverseTransactionCommandValidator validator;

    public ReverseTransactionCommandValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new ReverseTransactionCommandValidator();
    }

    [Fact]
    public void Validate_WhenReasonIsGiven_Passes() =>
        validator.Validate(new ReverseTransactionCommand(Guid.NewGuid(), "Booked twice", null)).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_WhenReasonIsBlank_ReportsItIsRequired(string reason) =>
        validator.Validate(new ReverseTransactionCommand(Guid.NewGuid(), reason, null)).ShouldFailOnlyOn("Reason").ShouldBe(["Is required."]);

    [Fact]
    public void Validate_WhenReasonIsTooLong_ReportsTheLength() =>
        validator.Validate(new ReverseTransactionCommand(Guid.NewGuid(), new string('r', 501), null)).ShouldFailOnlyOn("Reason")
            .ShouldBe(["Must be at most 500 characters without control characters."]);

    [Fact]
    public void Validate_WhenIdempotencyKeyIsTooLong_ReportsItUnderTheHeaderName() =>
        validator.Validate(new ReverseTransactionCommand(Guid.NewGuid(), "reason", new string('k', 256))).ShouldFailOnlyOn("Idempotency-Key");
}

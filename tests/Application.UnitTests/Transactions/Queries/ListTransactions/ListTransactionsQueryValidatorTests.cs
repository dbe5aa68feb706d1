using FluentValidation;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.Transactions.Queries.ListTransactions;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Transactions.Queries.ListTransactions;

public class ListTransactionsQueryValidatorTests
{
    private static readonly ListTransactionsQuery Valid = new(null, null, null, null, null, 50, null);

    private readonly ListTransactionsQueryValidator validator;

    public ListTransactionsQueryValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new ListTransactionsQueryValidator();
    }

    [Fact]
    public void Validate_WhenNoFilterIsGiven_Passes() => validator.Validate(Valid).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("credit")]
    [InlineData("debit")]
    [InlineData("transfer")]
    [InlineData("trade")]
    [InlineData("reversal")]
    public void Validate_WhenTypeIsATransactionType_Passes(string type) => validator.Validate(Valid with { Type = type }).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("Credit")]
    [InlineData("deposit")]
    [InlineData("")]
    public void Validate_WhenTypeIsAnythingElse_ReportsTheAllowedValues(string type) =>
        validator.Validate(Valid with { Type = type }).ShouldFailOnlyOn("Type").ShouldBe(["Must be one of credit, debit, transfer, trade, reversal."]);

    [Theory]
    [InlineData("pending")]
    [InlineData("completed")]
    [InlineData("voided")]
    [InlineData("reversed")]
    public void Validate_WhenStatusIsATransactionStatus_Passes(string status) => validator.Validate(Valid with { Status = status }).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("PENDING")]
    [InlineData("posted")]
    [InlineData("")]
    public void Validate_WhenStatusIsAnythingElse_ReportsTheAllowedValues(string status) =>
        validator.Validate(Valid with { Status = status }).ShouldFailOnlyOn("Status").ShouldBe(["Must be one of pending, completed, voided, reversed."]);

    [Fact]
    public void Validate_WhenToIsBeforeFrom_ReportsIt()
    {
        var from = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

        validator.Validate(Valid with { From = from, To = from.AddTicks(-1) }).ShouldFailOnlyOn("To");
    }

    [Fact]
    public void Validate_WhenToEqualsFrom_Passes()
    {
        var at = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

        validator.Validate(Valid with { From = at, To = at }).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void Validate_WhenLimitIsOutOfRange_ReportsIt(int limit) =>
        validator.Validate(Valid with { Limit = limit }).ShouldFailOnlyOn("Limit").ShouldBe(["Must be between 1 and 200."]);

    [Fact]
    public void Validate_WhenCursorIsMalformed_ReportsIt() =>
        validator.Validate(Valid with { Cursor = "not-a-cursor!" }).ShouldFailOnlyOn("Cursor");

    [Fact]
    public void Validate_WhenCursorWasIssuedByAList_Passes() =>
        validator.Validate(Valid with { Cursor = new PageCursor(DateTimeOffset.UnixEpoch, Guid.NewGuid()).Encode() }).IsValid.ShouldBeTrue();
}

using FluentValidation;
using PortfolioTracker.Application.Audit.Queries.ListAudit;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Audit.Queries.ListAudit;

public class ListAuditQueryValidatorTests
{
    private static readonly ListAuditQuery Valid = new(Guid.NewGuid(), "transaction", Guid.NewGuid().ToString(), "transaction.credit", null, null, 50, null);

    private readonly ListAuditQueryValidator validator;

    public ListAuditQueryValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new ListAuditQueryValidator();
    }

    [Fact]
    public void Validate_WhenEveryFilterIsValid_Passes() => validator.Validate(Valid).IsValid.ShouldBeTrue();

    [Fact]
    public void Validate_WhenFiltersAreAtTheirMaximumLengths_Passes() =>
        validator.Validate(Valid with { EntityType = new string('t', 50), EntityId = new string('i', 300), Action = new string('a', 100) }).IsValid.ShouldBeTrue();

    [Fact]
    public void Validate_WhenEntityTypeIsTooLong_ReportsIt() =>
        validator.Validate(Valid with { EntityType = new string('t', 51) }).ShouldFailOnlyOn("EntityType").ShouldBe(["Must be at most 50 characters."]);

    [Fact]
    public void Validate_WhenEntityIdIsTooLong_ReportsIt() =>
        validator.Validate(Valid with { EntityId = new string('i', 301) }).ShouldFailOnlyOn("EntityId").ShouldBe(["Must be at most 300 characters."]);

    [Fact]
    public void Validate_WhenActionIsTooLong_ReportsIt() =>
        validator.Validate(Valid with { Action = new string('a', 101) }).ShouldFailOnlyOn("Action").ShouldBe(["Must be at most 100 characters."]);

    [Fact]
    public void Validate_WhenToIsBeforeFrom_ReportsIt()
    {
        var from = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

        validator.Validate(Valid with { From = from, To = from.AddDays(-1) }).ShouldFailOnlyOn("To").ShouldBe(["Must not be before 'from'."]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void Validate_WhenLimitIsOutOfRange_ReportsIt(int limit) =>
        validator.Validate(Valid with { Limit = limit }).ShouldFailOnlyOn("Limit");

    [Fact]
    public void Validate_WhenCursorIsMalformed_ReportsIt() => validator.Validate(Valid with { Cursor = "###" }).ShouldFailOnlyOn("Cursor");
}

using FluentValidation;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users.Queries.ListUsers;

namespace PortfolioTracker.Application.UnitTests.Users.Queries.ListUsers;

public class ListUsersQueryValidatorTests
{
    private readonly ListUsersQueryValidator validator;

    public ListUsersQueryValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new ListUsersQueryValidator();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(200)]
    public void Validate_WhenLimitIsBetween1And200_Passes(int limit) =>
        validator.Validate(new ListUsersQuery(limit, null)).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    [InlineData(int.MaxValue)]
    public void Validate_WhenLimitIsOutOfRange_ReportsTheRangeOnLimit(int limit) =>
        validator.Validate(new ListUsersQuery(limit, null)).ShouldFailOnlyOn("Limit").ShouldBe(["Must be between 1 and 200."]);

    [Fact]
    public void Validate_WhenCursorWasIssuedByAList_Passes()
    {
        var cursor = new PageCursor(DateTimeOffset.UtcNow, Guid.NewGuid()).Encode();

        validator.Validate(new ListUsersQuery(10, cursor)).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("MnwxMjN8YWJj")] // "2|123|abc"
    public void Validate_WhenCursorIsNotOneThisListIssued_ReportsItOnCursor(string cursor) =>
        validator.Validate(new ListUsersQuery(10, cursor)).ShouldFailOnlyOn("Cursor").ShouldBe(["Is not a cursor returned by this list."]);

    [Fact]
    public void Validate_WhenCursorIsLongerThan128Characters_ReportsItOnCursor() =>
        validator.Validate(new ListUsersQuery(10, new string('A', 132))).ShouldFailOnlyOn("Cursor").ShouldBe(["Is not a cursor returned by this list."]);

    [Fact]
    public void Validate_WhenLimitAndCursorAreBothInvalid_ReportsBoth() =>
        validator.Validate(new ListUsersQuery(0, "garbage")).Errors.Select(e => e.PropertyName).ShouldBe(["Limit", "Cursor"]);
}

using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.UnitTests.Common.Pagination;

public class PaginationRulesTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToPage_WhenGivenLimitPlusOneRows_ReturnsLimitItemsAndTheCursorOfTheLastOne()
    {
        var rows = Rows(4);

        var page = PaginationRules.ToPage(rows, limit: 3, CursorOf);

        page.Items.ShouldBe(rows.Take(3));
        page.NextCursor.ShouldNotBeNull();
        PageCursor.TryDecode(page.NextCursor, out var cursor).ShouldBeTrue();
        cursor.ShouldBe(CursorOf(rows[2]));
    }

    [Fact]
    public void ToPage_WhenGivenExactlyLimitRows_ReturnsThemAllWithoutNextCursor()
    {
        var rows = Rows(3);

        var page = PaginationRules.ToPage(rows, limit: 3, CursorOf);

        page.Items.ShouldBe(rows);
        page.NextCursor.ShouldBeNull();
    }

    [Fact]
    public void ToPage_WhenGivenFewerRowsThanTheLimit_ReturnsThemAllWithoutNextCursor()
    {
        var rows = Rows(2);

        var page = PaginationRules.ToPage(rows, limit: 50, CursorOf);

        page.Items.ShouldBe(rows);
        page.NextCursor.ShouldBeNull();
    }

    [Fact]
    public void ToPage_WhenGivenNoRows_ReturnsAnEmptyLastPage()
    {
        var page = PaginationRules.ToPage(Array.Empty<Row>(), limit: 10, CursorOf);

        page.Items.ShouldBeEmpty();
        page.NextCursor.ShouldBeNull();
    }

    [Fact]
    public void ToPage_WhenLimitIsOneAndTwoRows_CursorPointsAtTheFirstRow()
    {
        var rows = Rows(2);

        var page = PaginationRules.ToPage(rows, limit: 1, CursorOf);

        page.Items.ShouldBe([rows[0]]);
        page.NextCursor.ShouldBe(CursorOf(rows[0]).Encode());
    }

    [Fact]
    public void ToPageRequest_WhenCursorIsValid_DecodesItIntoTheRequest()
    {
        var after = new PageCursor(Start, Guid.NewGuid());

        var request = PaginationRules.ToPageRequest(25, after.Encode());

        request.Limit.ShouldBe(25);
        request.After.ShouldBe(after);
    }

    [Fact]
    public void ToPageRequest_WhenCursorIsNull_RequestsTheFirstPage()
    {
        var request = PaginationRules.ToPageRequest(10, null);

        request.Limit.ShouldBe(10);
        request.After.ShouldBeNull();
    }

    private static Row[] Rows(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Row(Guid.NewGuid(), Start.AddMinutes(-i)))];

    private static PageCursor CursorOf(Row row) => new(row.CreatedAt, row.Id);

    private sealed record Row(Guid Id, DateTimeOffset CreatedAt);
}

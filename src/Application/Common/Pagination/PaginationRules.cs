using FluentValidation;

namespace PortfolioTracker.Application.Common.Pagination;

/// <summary>The shared validation rules of <c>limit</c> and <c>cursor</c>.</summary>
public static class PaginationRules
{
    public static IRuleBuilderOptions<T, int> ValidPageLimit<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, PageRequest.MaxLimit).WithMessage($"Must be between 1 and {PageRequest.MaxLimit}.");

    public static IRuleBuilderOptions<T, string?> ValidPageCursor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(cursor => cursor is null || PageCursor.TryDecode(cursor, out _))
            .WithMessage("Is not a cursor returned by this list.");

    /// <summary>Builds the page request of an already validated limit and cursor.</summary>
    public static PageRequest ToPageRequest(int limit, string? cursor) =>
        new(limit, PageCursor.TryDecode(cursor, out var after) ? after : null);

    /// <summary>
    /// Turns the rows of a query that asked for <c>limit + 1</c> rows into a page: the extra row only says that
    /// another page exists.
    /// </summary>
    public static Page<T> ToPage<T>(IReadOnlyList<T> rows, int limit, Func<T, PageCursor> cursorOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(cursorOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        var items = rows.Take(limit).ToList();
        return new Page<T>(items, cursorOf(items[^1]).Encode());
    }
}

namespace PortfolioTracker.Application.Common.Pagination;

/// <summary>One page of a list: the items and the cursor of the next page (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Which page to read.</summary>
public sealed record PageRequest(int Limit, PageCursor? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

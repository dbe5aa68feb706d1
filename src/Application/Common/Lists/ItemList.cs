namespace PortfolioTracker.Application.Common.Lists;

/// <summary>Every list the API returns is an object: <c>{ "items": [...] }</c>.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);

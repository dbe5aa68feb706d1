namespace PortfolioTracker.Application.Common.Concurrency;

/// <summary>
/// An <c>If-Match</c> precondition: the change proceeds only when the resource's current version is one of
/// <see cref="Versions"/> (HTTP: any listed entity tag may match). No precondition at all is <c>null</c>.
/// </summary>
public sealed record IfMatch(IReadOnlyCollection<int> Versions)
{
    public static IfMatch Of(params int[] versions) => new(versions);

    public bool Matches(int version) => Versions.Contains(version);
}

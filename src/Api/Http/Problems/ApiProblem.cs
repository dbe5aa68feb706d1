namespace PortfolioTracker.Api.Http.Problems;

/// <summary>
/// An RFC 9457 problem document with this API's extensions: a stable <see cref="Code"/>, the request's
/// <see cref="TraceId"/>, and per-field <see cref="Errors"/> for <c>validation_failed</c> (null otherwise).
/// Every member is always present; a missing value is null.
/// </summary>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string? Detail,
    string? Instance,
    string Code,
    string? TraceId,
    IReadOnlyDictionary<string, string[]>? Errors);

namespace PortfolioTracker.Api.Http.Problems;

/// <summary>
/// An RFC 9457 problem document with this API's extensions: a stable snake_case <c>code</c>, the request's
/// <c>traceId</c>, and per-field messages in <c>errors</c> for <c>validation_failed</c> (null otherwise). Every member is
/// always present; a missing value is null.
/// </summary>
/// <param name="Type">A URI naming the kind of problem: <c>urn:portfoliotracker:problem:&lt;code&gt;</c>.</param>
/// <param name="Title">A short summary of the kind of problem, the same for every occurrence of a code.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What went wrong this time, for a human reader.</param>
/// <param name="Instance">The path of the request.</param>
/// <param name="Code">The stable machine-readable code (e.g. <c>insufficient_funds</c>): what clients branch on.</param>
/// <param name="TraceId">The request's W3C trace id, as the logs and traces show it (a replayed refusal keeps the original one).</param>
/// <param name="Errors">For <c>validation_failed</c>: the messages of each invalid field, by its (camelCase) name; otherwise null.</param>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string? Detail,
    string? Instance,
    string Code,
    string TraceId,
    IReadOnlyDictionary<string, string[]>? Errors);

using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Http.Problems;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// A problem answer (<c>application/problem+json</c>, schema <c>Problem</c>) an operation gives: its status and the
/// <c>code</c>s it may carry there, which the document lists and explains (see <see cref="ProblemCodes"/>). Answers
/// every operation of a kind gives (401 without a token, 400/413/415 for a body, 503 when the database is down, …) are
/// added by <see cref="ProblemResponses"/>; list here what the operation's own logic answers.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
internal sealed class ProblemAttribute : ProducesResponseTypeAttribute<ApiProblem>
{
    public ProblemAttribute(int statusCode, params string[] codes)
        : base(statusCode, ApiProblems.ContentType) => Codes = codes;

    public IReadOnlyList<string> Codes { get; }
}

/// <summary>The operation answers with an <c>ETag</c> (the resource's version) on success.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ETagHeaderAttribute : Attribute;

/// <summary>The operation honours <c>If-Match</c> (412 <c>precondition_failed</c> when no tag matches).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class IfMatchHeaderAttribute : Attribute;

/// <summary>An example of the event stream an operation answers (<c>text/event-stream</c>), shown with its 200.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class EventStreamExampleAttribute(string example) : Attribute
{
    public string Example { get; } = example;
}

using System.Text.Json;
using PortfolioTracker.Clients.CSharp.Tests.Generated;

namespace PortfolioTracker.Clients.CSharp.Tests.Infrastructure;

/// <summary>Reads problem documents from the generated client's exceptions.</summary>
public static class Problems
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The problem of a failed call: the typed <see cref="ApiException{TResult}.Result"/> when the document declares that
    /// status with the <c>Problem</c> schema, else the body parsed as one (a status the document does not list yet).
    /// Checks the members API.md promises on every problem.
    /// </summary>
    public static Problem ShouldBeProblem(this ApiException exception, int status, string code)
    {
        ArgumentNullException.ThrowIfNull(exception);
        exception.StatusCode.ShouldBe(status, exception.Response);
        var problem = exception is ApiException<Problem> typed
            ? typed.Result
            : JsonSerializer.Deserialize<Problem>(exception.Response ?? string.Empty, Json)
                ?? throw new InvalidOperationException($"{status} without a body.");
        exception.Headers.TryGetValue("Content-Type", out var contentType).ShouldBeTrue();
        string.Join(',', contentType!).ShouldStartWith("application/problem+json");
        problem.Status.ShouldBe(status);
        problem.Code.ShouldBe(code);
        problem.Type.ShouldBe(new Uri($"urn:portfoliotracker:problem:{code}"));
        problem.Title.ShouldNotBeNullOrWhiteSpace();
        problem.TraceId.ShouldNotBeNull().ShouldMatch("^[0-9a-f]{32}$");
        return problem;
    }
}

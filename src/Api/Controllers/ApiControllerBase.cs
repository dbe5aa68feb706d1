using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Application.Common.Concurrency;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Api.Controllers;

/// <summary>Maps application results to HTTP: the resource on success, a problem document on failure.</summary>
[ApiController]
public abstract class ApiControllerBase : ControllerBase
{
    /// <summary>200 with the value.</summary>
    protected IActionResult OkOrProblem<T>(Result<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsSuccess ? Ok(result.Value) : Problem(result.Error);
    }

    /// <summary>200 with the value and its version as a strong ETag.</summary>
    protected IActionResult OkWithETag<T>(Result<T> result, Func<T, int> version)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(version);
        if (result.IsFailure)
        {
            return Problem(result.Error);
        }

        Response.Headers.ETag = ETag(version(result.Value));
        return Ok(result.Value);
    }

    /// <summary>201 with the created resource and its <c>Location</c>.</summary>
    protected IActionResult CreatedOrProblem<T>(Result<T> result, Func<T, string> location)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(location);
        return result.IsSuccess ? Created(location(result.Value), result.Value) : Problem(result.Error);
    }

    /// <summary>204 on success.</summary>
    protected IActionResult NoContentOrProblem(Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsSuccess ? NoContent() : Problem(result.Error);
    }

    /// <summary>The problem of an error; a replayed refusal keeps the trace id it was first answered with.</summary>
    protected ObjectResult Problem(Error error)
    {
        var problem = ApiProblems.FromError(HttpContext, error);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = "5";
        }

        if (HttpContext.RequestServices.GetService<IdempotencyContext>() is { Replayed: true, OriginalTraceId: { } traceId })
        {
            problem = problem with { TraceId = traceId };
        }

        return ApiProblems.ToResult(problem);
    }

    protected static string ETag(int version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>
    /// The versions an <c>If-Match</c> header accepts: null when absent or <c>*</c>; the versions of its strong entity
    /// tags otherwise (weak or foreign tags match nothing, so such a header fails with 412).
    /// </summary>
    protected IfMatch? IfMatchHeader()
    {
        var header = Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var versions = new List<int>();
        foreach (var candidate in header.Split(','))
        {
            var tag = candidate.Trim();
            if (tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"'
                && int.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                versions.Add(version);
            }
        }

        return new IfMatch(versions);
    }
}

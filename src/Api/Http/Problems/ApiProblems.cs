using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Http.Json;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Api.Http.Problems;

/// <summary>
/// The one place that turns failures into problem documents: application <see cref="Error"/>s, framework status
/// codes (401, 404, 405, 413, 415, …) and unexpected exceptions all go through here.
/// </summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = ApiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.BusinessRule => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The default code of a bare framework status (an unknown route, a wrong method, …).</summary>
    public static string CodeOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status406NotAcceptable => "not_acceptable",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status412PreconditionFailed => "precondition_failed",
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status422UnprocessableEntity => "unprocessable",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        StatusCodes.Status503ServiceUnavailable => "service_unavailable",
        _ when status >= 500 => "internal_error",
        _ => "error",
    };

    public static ApiProblem Create(
        HttpContext context,
        int status,
        string code,
        string? detail,
        IReadOnlyDictionary<string, string[]>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ApiProblem(
            $"urn:portfoliotracker:problem:{code}",
            TitleOf(code),
            status,
            detail,
            context.Request.Path.Value,
            code,
            TraceIdOf(context),
            errors);
    }

    /// <summary><c>400 validation_failed</c>, <paramref name="errors"/> naming each field with what is wrong.</summary>
    public static ApiProblem ValidationFailed(
        HttpContext context, IReadOnlyDictionary<string, string[]> errors, string detail = "One or more fields are invalid.") =>
        Create(context, StatusCodes.Status400BadRequest, "validation_failed", detail, errors);

    /// <summary><c>400 validation_failed</c> for one field.</summary>
    public static ApiProblem ValidationFailed(HttpContext context, string field, string message, string detail = "One or more fields are invalid.") =>
        ValidationFailed(context, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] }, detail);

    public static ApiProblem FromError(HttpContext context, Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Create(context, StatusOf(error.Kind), error.Code, error.Message, error.FieldErrors);
    }

    /// <summary>A problem as an MVC result.</summary>
    public static ObjectResult ToResult(ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var result = new ObjectResult(problem) { StatusCode = problem.Status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    /// <summary>Writes a problem straight to the response (middleware, authentication events).</summary>
    public static async Task WriteAsync(HttpContext context, ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, Json, context.RequestAborted);
    }

    /// <summary>The W3C trace id of the request (what tracing backends and logs show), else the connection's id.</summary>
    public static string TraceIdOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
    }

    /// <summary><c>insufficient_funds</c> becomes "Insufficient funds": stable per code, as RFC 9457 wants titles.</summary>
    private static string TitleOf(string code)
    {
        var words = code.Replace('_', ' ');
        return words.Length == 0 ? "Error" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}

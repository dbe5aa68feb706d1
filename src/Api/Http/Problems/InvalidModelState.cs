using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PortfolioTracker.Api.Http.Problems;

/// <summary>
/// Turns model-binding failures (malformed JSON, a string where a number belongs, a bad query value) into the same
/// <c>validation_failed</c> problem the validators produce, keyed by the client's field names.
/// </summary>
internal static class InvalidModelState
{
    public static IActionResult ToProblem(ActionContext context)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid || entry.Errors.Count == 0)
            {
                continue;
            }

            var field = FieldName(key);
            var messages = entry.Errors.Select(e => Message(e, field)).Distinct().ToArray();
            errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, .. messages] : messages;
        }

        var problem = ApiProblems.ValidationFailed(context.HttpContext, errors);
        return ApiProblems.ToResult(problem);
    }

    /// <summary><c>$.amount</c> → <c>amount</c>; <c>$</c> or the body parameter itself → <c>body</c>.</summary>
    internal static string FieldName(string key)
    {
        var name = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key;
        return name is "" or "$" or "body" or "request" ? "body" : name;
    }

    /// <summary>Framework messages name .NET types and line numbers; clients get a plain sentence instead.</summary>
    private static string Message(ModelError error, string field)
    {
        if (error.Exception is not null || error.ErrorMessage.Contains("could not be converted", StringComparison.Ordinal)
            || error.ErrorMessage.Contains("LineNumber", StringComparison.Ordinal))
        {
            return field == "body" ? "The request body is not valid JSON for this operation." : "Has a value of the wrong type or format.";
        }

        if (error.ErrorMessage.Contains("non-empty request body", StringComparison.Ordinal))
        {
            return "A JSON request body is required.";
        }

        return error.ErrorMessage;
    }
}

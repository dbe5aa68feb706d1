namespace PortfolioTracker.Domain.Common;

/// <summary>
/// An expected failure with a stable snake_case <see cref="Code"/> that clients can switch on.
/// </summary>
public sealed record Error
{
    private Error(string code, string message, ErrorKind kind, IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        Code = code;
        Message = message;
        Kind = kind;
        FieldErrors = fieldErrors;
    }

    public string Code { get; }

    public string Message { get; }

    public ErrorKind Kind { get; }

    /// <summary>Per-field messages of a validation failure, keyed by the camelCase field name.</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; }

    public static Error Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new("validation_failed", "One or more fields are invalid.", ErrorKind.Validation, fieldErrors);

    public static Error Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static Error Unauthorized(string code, string message) => new(code, message, ErrorKind.Unauthorized);

    public static Error Forbidden(string code, string message) => new(code, message, ErrorKind.Forbidden);

    public static Error NotFound(string code, string message) => new(code, message, ErrorKind.NotFound);

    public static Error Conflict(string code, string message) => new(code, message, ErrorKind.Conflict);

    public static Error PreconditionFailed(string code, string message) => new(code, message, ErrorKind.PreconditionFailed);

    public static Error BusinessRule(string code, string message) => new(code, message, ErrorKind.BusinessRule);

    public static Error Unavailable(string code, string message) => new(code, message, ErrorKind.Unavailable);

    /// <summary>Rebuilds an error from its stored parts (idempotency replay).</summary>
    public static Error Restore(string code, string message, ErrorKind kind, IReadOnlyDictionary<string, string[]>? fieldErrors) =>
        new(code, message, kind, fieldErrors);

    private Error(string code, string message, ErrorKind kind)
        : this(code, message, kind, null)
    {
    }
}

namespace PortfolioTracker.Domain.Common;

/// <summary>What kind of failure an <see cref="Error"/> is; the API maps each kind to one HTTP status.</summary>
public enum ErrorKind
{
    /// <summary>The input is malformed or breaks a shape rule (400).</summary>
    Validation,

    /// <summary>The caller is not authenticated or the credentials are wrong (401).</summary>
    Unauthorized,

    /// <summary>The caller is authenticated but not allowed (403).</summary>
    Forbidden,

    /// <summary>The resource does not exist, or belongs to someone else (404).</summary>
    NotFound,

    /// <summary>The request conflicts with the current state, e.g. a duplicate (409).</summary>
    Conflict,

    /// <summary>An <c>If-Match</c> precondition does not hold (412).</summary>
    PreconditionFailed,

    /// <summary>A business rule refused the request (422).</summary>
    BusinessRule,

    /// <summary>A dependency is unavailable (503).</summary>
    Unavailable,
}

using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Users;

/// <summary>The stable error codes of the identity area.</summary>
public static class UserErrors
{
    public static readonly Error NotFound = Error.NotFound("not_found", "The user does not exist.");

    public static readonly Error EmailTaken = Error.Conflict("email_taken", "A user with this e-mail address already exists.");

    public static readonly Error UsernameTaken = Error.Conflict("username_taken", "A user with this username already exists.");

    public static readonly Error RoleChangeForbidden = Error.Forbidden("forbidden", "Only an admin can change a user's role.");

    public static readonly Error AdminOnly = Error.Forbidden("forbidden", "Only an admin can do this.");

    public static readonly Error InvalidCredentials = Error.Unauthorized("invalid_credentials", "The e-mail address or password is wrong.");

    public static readonly Error InvalidRefreshToken = Error.Unauthorized("invalid_refresh_token", "The refresh token is invalid, expired or revoked.");

    public static readonly Error RefreshTokenReused = Error.Unauthorized(
        "refresh_token_reused",
        "The refresh token was already used; every token of its session has been revoked. Log in again.");

    public static readonly Error VersionMismatch = Error.PreconditionFailed(
        "precondition_failed",
        "The user was changed since you read it (If-Match does not match the current ETag).");
}

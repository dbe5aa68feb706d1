using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Accounts;

/// <summary>The stable error codes of accounts.</summary>
public static class AccountErrors
{
    public static readonly Error NotFound = Error.NotFound("not_found", "The account does not exist.");

    public static readonly Error NotOwner = Error.Forbidden("forbidden", "Only the account's owner can move money out of it or change it.");

    public static readonly Error NameTaken = Error.Conflict("account_name_taken", "You already have an account with this name.");

    public static readonly Error Closed = Error.BusinessRule("account_closed", "The account is closed and accepts no new transactions.");

    public static readonly Error NotEmpty = Error.BusinessRule("account_not_empty", "Only an account whose every balance is zero can be closed.");

    public static readonly Error VersionMismatch = Error.PreconditionFailed(
        "precondition_failed",
        "The account was changed since you read it (If-Match does not match the current ETag).");
}

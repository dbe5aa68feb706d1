using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Ledger;

/// <summary>The stable error codes of money movements.</summary>
public static class LedgerErrors
{
    public static readonly Error TransactionNotFound = Error.NotFound("not_found", "The transaction does not exist.");

    public static readonly Error InsufficientFunds = Error.BusinessRule("insufficient_funds", "The account's available balance does not cover this amount.");

    public static readonly Error SameAccount = Error.BusinessRule("same_account", "The source and the target account are the same.");

    public static readonly Error AssetMismatch = Error.BusinessRule("asset_mismatch", "An asset cannot be traded against itself.");

    public static readonly Error PriceRequired = Error.BusinessRule(
        "price_required", "No price was given and no fresh market price of this asset in the quote asset is available; give a price.");

    public static readonly Error FeeExceedsProceeds = Error.BusinessRule("fee_exceeds_proceeds", "The fee is larger than what the sale brings in.");

    public static readonly Error TradeTooSmall = Error.BusinessRule("trade_too_small", "Quantity × price rounds to zero in the quote asset.");

    public static readonly Error BalanceLimit = Error.BusinessRule("balance_limit_exceeded", "The resulting balance would exceed what this asset's balances may hold.");

    public static readonly Error NotAllowed = Error.Forbidden("forbidden", "Only the owner of the source account (or an admin) can do this.");

    public static readonly Error ReversalOfReversal = Error.BusinessRule("invalid_state", "A reversal cannot itself be reversed.");

    public static readonly Error TargetNotFound = Error.NotFound("not_found", "The target account does not exist.");

    public static Error InvalidState(TransactionStatus status, string action) =>
        Error.BusinessRule("invalid_state", $"A {status.ToString().ToLowerInvariant()} transaction cannot be {action}.");
}

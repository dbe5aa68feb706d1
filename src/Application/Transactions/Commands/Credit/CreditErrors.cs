using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Transactions.Commands.Credit;

public static class CreditErrors
{
    public static readonly Error PriceInItsOwnAsset = Error.Validation(
        "price", "A unit price is in the account's base currency; a deposit of that currency itself has no price.");
}

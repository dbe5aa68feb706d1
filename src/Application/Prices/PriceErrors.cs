using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Prices;

public static class PriceErrors
{
    public static readonly Error UnknownCoin = Error.NotFound("not_found", "No market-data provider knows this coin id.");

    public static readonly Error Unavailable = Error.Unavailable(
        "price_unavailable", "No provider could supply this price right now and none is known from before; retry shortly.");

    public static readonly Error TimedOut = Error.Unavailable("price_timeout", "The providers did not answer within the time allowed.");

    public static Error Of(PriceFailure failure) => failure switch
    {
        PriceFailure.UnknownCoin => UnknownCoin,
        PriceFailure.TimedOut => TimedOut,
        _ => Unavailable,
    };
}

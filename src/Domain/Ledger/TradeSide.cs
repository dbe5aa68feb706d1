namespace PortfolioTracker.Domain.Ledger;

public enum TradeSide
{
    Buy,
    Sell,
}

namespace PortfolioTracker.Domain.Accounts;

public enum AccountStatus
{
    Open,
    Closed,
}

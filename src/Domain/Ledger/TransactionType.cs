namespace PortfolioTracker.Domain.Ledger;

public enum TransactionType
{
    Credit,
    Debit,
    Transfer,
    Trade,
    Reversal,
}

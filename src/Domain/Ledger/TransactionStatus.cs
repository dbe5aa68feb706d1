namespace PortfolioTracker.Domain.Ledger;

/// <summary>pending → completed | voided; completed → reversed.</summary>
public enum TransactionStatus
{
    Pending,
    Completed,
    Voided,
    Reversed,
}

namespace PortfolioTracker.Infrastructure.Persistence.Idempotency;

/// <summary>Settings of the <c>Idempotency</c> section.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a used key is remembered (default 48 h; the contract promises at least 24 h).</summary>
    public int RetentionHours { get; set; } = 48;
}

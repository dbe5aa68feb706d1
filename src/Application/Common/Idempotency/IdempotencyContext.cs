namespace PortfolioTracker.Application.Common.Idempotency;

/// <summary>Per request: whether the answer is a replay of an earlier one (the API then says <c>Idempotent-Replayed: true</c>).</summary>
public sealed class IdempotencyContext
{
    public bool Replayed { get; set; }
}

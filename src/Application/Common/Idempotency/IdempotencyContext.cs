namespace PortfolioTracker.Application.Common.Idempotency;

/// <summary>Per request: whether the answer is a replay of an earlier one (the API then says <c>Idempotent-Replayed: true</c>).</summary>
public sealed class IdempotencyContext
{
    public bool Replayed { get; set; }

    /// <summary>For a replayed refusal: the trace id of the original request, so the problem body is the same again.</summary>
    public string? OriginalTraceId { get; set; }
}

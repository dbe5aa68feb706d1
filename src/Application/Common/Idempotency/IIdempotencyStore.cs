using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Idempotency;

/// <summary>A stored outcome: the success value as JSON, or the error with the trace id of the request that met it.</summary>
public sealed record StoredOutcome(string? ValueJson, string? ErrorCode, string? ErrorMessage, ErrorKind? ErrorKind, string? TraceId = null);

/// <summary>The row of a used key: which request it was used for and, once finished, its outcome.</summary>
public sealed record IdempotencyRecord(string RequestHash, StoredOutcome? Outcome);

/// <summary>
/// Idempotency keys per user, written in the command's own transaction: a second request with the same key waits
/// on the first one's row until it commits (then replays) or rolls back (then runs itself).
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims the key for this request; false when the key is already taken (possibly just now, by a request that committed).</summary>
    Task<bool> TryClaimAsync(Guid userId, string key, string requestHash, CancellationToken cancellationToken);

    Task<IdempotencyRecord?> FindAsync(Guid userId, string key, CancellationToken cancellationToken);

    /// <summary>Stores the outcome of a claimed key (in the same transaction as the claim).</summary>
    Task CompleteAsync(Guid userId, string key, StoredOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Stores the refused outcome of a claimed key, once the command's own changes were undone.</summary>
    Task StoreRefusalAsync(Guid userId, string key, StoredOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Gives a claimed key back (the request failed in a way that is not remembered, e.g. 404).</summary>
    Task ReleaseAsync(Guid userId, string key, CancellationToken cancellationToken);
}

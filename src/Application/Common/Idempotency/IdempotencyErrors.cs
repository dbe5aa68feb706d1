using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Idempotency;

public static class IdempotencyErrors
{
    public static readonly Error KeyReused = Error.Conflict(
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
}

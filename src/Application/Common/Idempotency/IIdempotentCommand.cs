namespace PortfolioTracker.Application.Common.Idempotency;

/// <summary>
/// A command that accepts an <c>Idempotency-Key</c>. The key must be excluded from the command's JSON form (mark it
/// <c>[JsonIgnore]</c>): that form is what "the same body" means when a key is reused.
/// </summary>
public interface IIdempotentCommand
{
    string? IdempotencyKey { get; }
}

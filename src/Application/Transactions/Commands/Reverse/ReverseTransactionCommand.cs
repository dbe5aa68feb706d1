using System.Text.Json.Serialization;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Transactions.Commands.Reverse;

/// <summary>An admin compensates a completed transaction; the answer is the new reversal transaction.</summary>
public sealed record ReverseTransactionCommand(Guid TransactionId, string Reason, [property: JsonIgnore] string? IdempotencyKey)
    : ICommand<TransactionDto>, IIdempotentCommand, IAuditTarget
{
    public const int MaxReasonLength = 500;

    public string AuditEntityType => "transaction";

    public string? AuditEntityId => TransactionId.ToString();
}

using System.Text.Json.Serialization;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Transactions.Commands.PostTransfer;

/// <summary>Settles a pending transfer: the reserved amount moves to the target.</summary>
public sealed record PostTransferCommand(Guid TransactionId, [property: JsonIgnore] string? IdempotencyKey)
    : ICommand<TransactionDto>, IIdempotentCommand, IAuditTarget
{
    public string AuditEntityType => "transaction";

    public string? AuditEntityId => TransactionId.ToString();
}

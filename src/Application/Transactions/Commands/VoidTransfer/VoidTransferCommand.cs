using System.Text.Json.Serialization;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Transactions.Commands.VoidTransfer;

/// <summary>Cancels a pending transfer: the reserved amount is released.</summary>
public sealed record VoidTransferCommand(Guid TransactionId, [property: JsonIgnore] string? IdempotencyKey)
    : ICommand<TransactionDto>, IIdempotentCommand, IAuditTarget
{
    public string AuditEntityType => "transaction";

    public string? AuditEntityId => TransactionId.ToString();
}

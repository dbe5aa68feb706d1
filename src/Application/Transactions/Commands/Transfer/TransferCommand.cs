using System.Text.Json.Serialization;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Transactions.Commands.Transfer;

/// <summary>
/// Moves money from one of the caller's accounts to any open account. With <paramref name="Pending"/> the amount is
/// only reserved until the transfer is posted or voided.
/// </summary>
public sealed record TransferCommand(
    Guid FromAccountId,
    Guid ToAccountId,
    string Asset,
    string Amount,
    string? Description,
    bool Pending,
    [property: JsonIgnore] string? IdempotencyKey) : ICommand<TransactionDto>, IIdempotentCommand, IAuditTarget
{
    public string AuditEntityType => "account";

    public string? AuditEntityId => FromAccountId.ToString();
}

using System.Text.Json.Serialization;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Transactions.Commands.Debit;

/// <summary>Money leaving the ledger from one of the caller's accounts (a withdrawal).</summary>
public sealed record DebitCommand(Guid AccountId, string Asset, string Amount, string? Description, [property: JsonIgnore] string? IdempotencyKey)
    : ICommand<TransactionDto>, IIdempotentCommand, IAuditTarget
{
    public string AuditEntityType => "account";

    public string? AuditEntityId => AccountId.ToString();
}

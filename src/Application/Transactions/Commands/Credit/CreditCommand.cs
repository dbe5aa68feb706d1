using System.Text.Json.Serialization;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Transactions.Commands.Credit;

/// <summary>Money entering the ledger into one of the caller's accounts (a deposit).</summary>
public sealed record CreditCommand(Guid AccountId, string Asset, string Amount, string? Description, [property: JsonIgnore] string? IdempotencyKey)
    : ICommand<TransactionDto>, IIdempotentCommand, IAuditTarget
{
    public string AuditEntityType => "account";

    public string? AuditEntityId => AccountId.ToString();
}

using System.Text.Json.Serialization;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Transactions.Commands.Credit;

/// <summary>Money entering the ledger into one of the caller's accounts (a deposit).</summary>
/// <param name="AccountId">One of the caller's accounts.</param>
/// <param name="Asset">The asset deposited.</param>
/// <param name="Amount">How much, a positive decimal string.</param>
/// <param name="Description">Free text.</param>
/// <param name="IdempotencyKey">From the Idempotency-Key header.</param>
/// <param name="Price">What one unit cost, in the account's base currency (optional): the cost basis of the deposit.</param>
public sealed record CreditCommand(
    Guid AccountId, string Asset, string Amount, string? Description, [property: JsonIgnore] string? IdempotencyKey, string? Price = null)
    : ICommand<TransactionDto>, IIdempotentCommand, IAuditTarget
{
    public string AuditEntityType => "account";

    public string? AuditEntityId => AccountId.ToString();
}

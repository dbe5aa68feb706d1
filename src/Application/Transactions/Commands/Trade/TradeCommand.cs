using System.Text.Json.Serialization;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Transactions.Commands.Trade;

/// <summary>
/// Buys or sells <paramref name="Quantity"/> of <paramref name="Asset"/> against <paramref name="QuoteAsset"/> at
/// <paramref name="Price"/> (quote per unit), with an optional <paramref name="Fee"/> in the quote asset.
/// </summary>
public sealed record TradeCommand(
    Guid AccountId,
    string Side,
    string Asset,
    string Quantity,
    string QuoteAsset,
    string? Price,
    string? Fee,
    string? Description,
    [property: JsonIgnore] string? IdempotencyKey) : ICommand<TransactionDto>, IIdempotentCommand, IAuditTarget
{
    public string AuditEntityType => "account";

    public string? AuditEntityId => AccountId.ToString();
}

using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions;

/// <summary>A signed amount on one account; <c>balanceAfter</c> only on the viewer's own accounts (admins see all).</summary>
public sealed record PostingDto(Guid AccountId, string Asset, string Amount, string? BalanceAfter);

/// <summary>What one credited unit cost, in which asset (an addition to the v1 shape; null unless a credit carried a price).</summary>
public sealed record UnitCostDto(string Asset, string Price);

/// <summary>What a trade exchanged, at which price (an addition to the v1 transaction shape; null on other types).</summary>
public sealed record TradeDto(string Side, string Asset, string Quantity, string QuoteAsset, string Price, string QuoteAmount, string Fee, string Total);

public sealed record TransactionDto(
    Guid Id,
    string Type,
    string Status,
    IReadOnlyList<PostingDto> Postings,
    string? Description,
    DateTimeOffset CreatedAt,
    Guid CreatedBy,
    Guid? ReversalOf,
    Guid? ReversedBy,
    TradeDto? Trade,
    UnitCostDto? UnitCost = null)
{
    /// <param name="transaction">The transaction.</param>
    /// <param name="showsBalanceOf">Whether the viewer may see the balance of an account (their own; all for admins).</param>
    public static TransactionDto From(Transaction transaction, Func<Guid, bool> showsBalanceOf)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(showsBalanceOf);
        var postings = transaction.Postings
            .Select(p => new PostingDto(
                p.AccountId,
                p.Amount.Code.Value,
                p.Amount.Asset.Format(p.Amount.Amount),
                p.BalanceAfter is { } after && showsBalanceOf(p.AccountId) ? p.Amount.Asset.Format(after) : null))
            .ToList();
        var trade = transaction.Trade is { } t
            ? new TradeDto(
                t.Side == TradeSide.Buy ? "buy" : "sell",
                t.Quantity.Code.Value,
                t.Quantity.Asset.Format(t.Quantity.Amount),
                t.Fee.Code.Value,
                DecimalAmount.FormatNormalized(t.Price),
                t.QuoteAmount.Asset.Format(t.QuoteAmount.Amount),
                t.Fee.Asset.Format(t.Fee.Amount),
                t.Settlement.Asset.Format(t.Settlement.Amount))
            : null;
        return new TransactionDto(
            transaction.Id,
            TypeName(transaction.Type),
            StatusName(transaction.Status),
            postings,
            transaction.Description,
            transaction.CreatedAt,
            transaction.CreatedBy,
            transaction.ReversalOf,
            transaction.ReversedBy,
            trade,
            transaction.UnitCost is { } cost ? new UnitCostDto(cost.Code.Value, DecimalAmount.FormatNormalized(cost.Amount)) : null);
    }

    /// <summary>The same transaction with <c>balanceAfter</c> hidden on accounts the viewer may not see.</summary>
    public TransactionDto ForViewer(Func<Guid, bool> showsBalanceOf)
    {
        ArgumentNullException.ThrowIfNull(showsBalanceOf);
        return this with { Postings = [.. Postings.Select(p => showsBalanceOf(p.AccountId) ? p : p with { BalanceAfter = null })] };
    }

    public static string TypeName(TransactionType type) => type.ToString().ToLowerInvariant();

    public static string StatusName(TransactionStatus status) => status.ToString().ToLowerInvariant();
}

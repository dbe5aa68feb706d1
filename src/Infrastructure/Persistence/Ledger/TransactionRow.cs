using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Infrastructure.Persistence.Ledger;

internal sealed class TransactionRow
{
    /// <summary>The columns of <c>transactions t</c>.</summary>
    public const string Columns =
        """
        t.id, t.type, t.status, t.description, t.created_at AS CreatedAt, t.created_by AS CreatedBy,
        t.reversal_of AS ReversalOf, t.reversed_by AS ReversedBy, t.updated_at AS UpdatedAt, t.version,
        t.trade_side AS TradeSide, t.trade_asset AS TradeAsset, t.trade_quantity AS TradeQuantity,
        t.trade_quote_asset AS TradeQuoteAsset, t.trade_price AS TradePrice, t.trade_quote_amount AS TradeQuoteAmount,
        t.trade_fee AS TradeFee, t.trade_total AS TradeTotal, t.unit_cost_price AS UnitCostPrice, t.unit_cost_asset AS UnitCostAsset
        """;

    public Guid Id { get; init; }

    public string Type { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public string? Description { get; init; }

    public DateTime CreatedAt { get; init; }

    public Guid CreatedBy { get; init; }

    public Guid? ReversalOf { get; init; }

    public Guid? ReversedBy { get; init; }

    public DateTime UpdatedAt { get; init; }

    public int Version { get; init; }

    public string? TradeSide { get; init; }

    public string? TradeAsset { get; init; }

    public decimal? TradeQuantity { get; init; }

    public string? TradeQuoteAsset { get; init; }

    public decimal? TradePrice { get; init; }

    public decimal? TradeQuoteAmount { get; init; }

    public decimal? TradeFee { get; init; }

    public decimal? TradeTotal { get; init; }

    public decimal? UnitCostPrice { get; init; }

    public string? UnitCostAsset { get; init; }

    /// <summary>Read side only: the decimals of the trade's asset (joined from <c>assets</c>).</summary>
    public short? TradeAssetDecimals { get; init; }

    /// <summary>Read side only: the decimals of the trade's quote asset.</summary>
    public short? TradeQuoteDecimals { get; init; }

    public static TransactionType ParseType(string type) => Enum.Parse<TransactionType>(type, ignoreCase: true);

    public static TransactionStatus ParseStatus(string status) => Enum.Parse<TransactionStatus>(status, ignoreCase: true);

    public async Task<Transaction> ToTransactionAsync(IReadOnlyList<PostingRow> postings, IAssetCatalog catalog, CancellationToken cancellationToken)
    {
        var lines = new List<Posting>(postings.Count);
        foreach (var posting in postings)
        {
            lines.Add(posting.ToPosting(await AssetAsync(catalog, posting.Asset, cancellationToken)));
        }

        return Transaction.Rehydrate(
            Id,
            ParseType(Type),
            ParseStatus(Status),
            lines,
            Description,
            SqlTime.Utc(CreatedAt),
            CreatedBy,
            ReversalOf,
            ReversedBy,
            await TradeAsync(catalog, cancellationToken),
            SqlTime.Utc(UpdatedAt),
            Version,
            UnitCostAsset is null ? null : Money.Of(UnitCostPrice!.Value, await AssetAsync(catalog, UnitCostAsset, cancellationToken)).Value);
    }

    private async Task<TradeDetails?> TradeAsync(IAssetCatalog catalog, CancellationToken cancellationToken)
    {
        if (TradeSide is null)
        {
            return null;
        }

        var asset = await AssetAsync(catalog, TradeAsset!, cancellationToken);
        var quote = await AssetAsync(catalog, TradeQuoteAsset!, cancellationToken);
        return new TradeDetails(
            TradeSide == "buy" ? Domain.Ledger.TradeSide.Buy : Domain.Ledger.TradeSide.Sell,
            Money.Of(TradeQuantity!.Value, asset).Value,
            TradePrice!.Value,
            Money.Of(TradeQuoteAmount!.Value, quote).Value,
            Money.Of(TradeFee!.Value, quote).Value,
            Money.Of(TradeTotal!.Value, quote).Value);
    }

    private static async Task<Asset> AssetAsync(IAssetCatalog catalog, string code, CancellationToken cancellationToken) =>
        await catalog.FindAsync(AssetCode.Parse(code), cancellationToken) ?? throw new InvalidOperationException($"Unknown asset {code}.");
}

internal sealed class PostingRow
{
    /// <summary>
    /// The columns of <c>postings p JOIN accounts a JOIN assets s</c>. A world posting's balance can exceed a decimal, so
    /// it is read only as text, rendered with the asset's decimals by the database.
    /// </summary>
    public const string Columns =
        """
        p.transaction_id AS TransactionId, p.leg, p.account_id AS AccountId, a.is_world AS IsWorld, a.owner_id AS OwnerId,
        p.asset, s.decimals AS Decimals, p.amount, CASE WHEN a.is_world THEN NULL ELSE p.balance_after END AS BalanceAfter,
        round(p.balance_after, s.decimals)::text AS BalanceAfterText, p.entry_seq AS EntrySeq, p.effective_at AS EffectiveAt
        """;

    public const string From = "postings p JOIN accounts a ON a.id = p.account_id JOIN assets s ON s.code = p.asset";

    public Guid TransactionId { get; init; }

    public short Leg { get; init; }

    public Guid AccountId { get; init; }

    public bool IsWorld { get; init; }

    public Guid? OwnerId { get; init; }

    public string Asset { get; init; } = string.Empty;

    public short Decimals { get; init; }

    public decimal Amount { get; init; }

    public decimal? BalanceAfter { get; init; }

    public string? BalanceAfterText { get; init; }

    public long? EntrySeq { get; init; }

    public DateTime? EffectiveAt { get; init; }

    public Posting ToPosting(Asset asset) =>
        Posting.Rehydrate(Leg, AccountId, IsWorld, Money.Of(Amount, asset).Value, BalanceAfter, EntrySeq, SqlTime.Utc(EffectiveAt));
}

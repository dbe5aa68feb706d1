namespace PortfolioTracker.Api.Contracts;

/// <summary>Body of <c>POST /assets</c> (admin).</summary>
public sealed class CreateAssetRequest
{
    /// <summary>2–12 letters or digits, e.g. <c>DOT</c>.</summary>
    public string? Code { get; init; }

    public string? Name { get; init; }

    /// <summary><c>fiat</c> or <c>crypto</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>Fraction digits of amounts, 0–18.</summary>
    public int? Decimals { get; init; }

    /// <summary>Market-data id, e.g. <c>polkadot</c>.</summary>
    public string? PriceId { get; init; }
}

/// <summary>Body of <c>POST /accounts</c>.</summary>
public sealed class OpenAccountRequest
{
    /// <summary>Unique among your accounts (case-insensitive), 1–100 characters.</summary>
    public string? Name { get; init; }

    /// <summary>An asset code; <c>USD</c> when omitted.</summary>
    public string? BaseCurrency { get; init; }
}

/// <summary>Body of <c>PATCH /accounts/{id}</c>.</summary>
public sealed class RenameAccountRequest
{
    public string? Name { get; init; }
}

/// <summary>Body of <c>POST /transactions/credit</c> and <c>/debit</c>.</summary>
public sealed class MovementRequest
{
    public Guid? AccountId { get; init; }

    /// <summary>Asset code, e.g. <c>USD</c>.</summary>
    public string? Asset { get; init; }

    /// <summary>Positive decimal string with at most the asset's decimals, e.g. <c>"100.00"</c>.</summary>
    public string? Amount { get; init; }

    public string? Description { get; init; }

    /// <summary>Credit only, optional: what one unit cost, in the account's base currency (the deposit's cost basis).</summary>
    public string? Price { get; init; }
}

/// <summary>Body of <c>POST /transactions/transfer</c>.</summary>
public sealed class TransferRequest
{
    /// <summary>One of your accounts.</summary>
    public Guid? FromAccountId { get; init; }

    /// <summary>Any open account.</summary>
    public Guid? ToAccountId { get; init; }

    public string? Asset { get; init; }

    public string? Amount { get; init; }

    public string? Description { get; init; }

    /// <summary>Reserve only, until <c>POST /transactions/{id}/post</c> or <c>/void</c>.</summary>
    public bool? Pending { get; init; }
}

/// <summary>Body of <c>POST /transactions/trade</c>.</summary>
public sealed class TradeRequest
{
    public Guid? AccountId { get; init; }

    /// <summary><c>buy</c> or <c>sell</c>.</summary>
    public string? Side { get; init; }

    /// <summary>The asset bought or sold, e.g. <c>BTC</c>.</summary>
    public string? Asset { get; init; }

    /// <summary>How much of it, with at most its decimals.</summary>
    public string? Quantity { get; init; }

    /// <summary>The asset paid or received, e.g. <c>USD</c>.</summary>
    public string? QuoteAsset { get; init; }

    /// <summary>Quote asset per unit; the market price when omitted.</summary>
    public string? Price { get; init; }

    /// <summary>In the quote asset; added to a buy, deducted from a sale.</summary>
    public string? Fee { get; init; }

    public string? Description { get; init; }
}

/// <summary>Body of <c>POST /transactions/{id}/reverse</c> (admin).</summary>
public sealed class ReverseRequest
{
    /// <summary>Why; becomes the reversal's description.</summary>
    public string? Reason { get; init; }
}

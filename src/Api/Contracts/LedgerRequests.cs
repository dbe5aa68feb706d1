using PortfolioTracker.Api.OpenApi;

namespace PortfolioTracker.Api.Contracts;

/// <summary>Body of <c>POST /assets</c> (admin).</summary>
public sealed class CreateAssetRequest
{
    /// <summary>2–12 letters or digits, e.g. <c>DOT</c> (stored upper-case).</summary>
    [RequiredField]
    [Pattern(PatternAttribute.AssetCode)]
    [Example("DOT")]
    public string? Code { get; init; }

    /// <summary>1–100 characters without control characters.</summary>
    [RequiredField]
    [LengthBetween(1, 100)]
    [Example("Polkadot")]
    public string? Name { get; init; }

    /// <summary><c>fiat</c> or <c>crypto</c>.</summary>
    [RequiredField]
    [Values("fiat", "crypto")]
    public string? Kind { get; init; }

    /// <summary>Fraction digits of amounts, 0–18.</summary>
    [RequiredField]
    [Between(0, 18)]
    [Example(10)]
    public int? Decimals { get; init; }

    /// <summary>Market-data id, e.g. <c>polkadot</c>.</summary>
    [Pattern(PatternAttribute.CoinId)]
    [Example("polkadot")]
    public string? PriceId { get; init; }
}

/// <summary>Body of <c>POST /accounts</c>.</summary>
public sealed class OpenAccountRequest
{
    /// <summary>Unique among your accounts (case-insensitive), 1–100 characters.</summary>
    [RequiredField]
    [LengthBetween(1, 100)]
    [Example("Main")]
    public string? Name { get; init; }

    /// <summary>An asset code; <c>USD</c> when omitted.</summary>
    [Pattern(PatternAttribute.AssetCode)]
    [Example("EUR")]
    public string? BaseCurrency { get; init; }
}

/// <summary>Body of <c>PATCH /accounts/{id}</c>.</summary>
public sealed class RenameAccountRequest
{
    /// <summary>The new name: unique among your accounts (case-insensitive), 1–100 characters.</summary>
    [RequiredField]
    [LengthBetween(1, 100)]
    [Example("Savings")]
    public string? Name { get; init; }
}

/// <summary>Body of <c>POST /transactions/credit</c> and <c>/debit</c>.</summary>
public sealed class MovementRequest
{
    /// <summary>One of your accounts.</summary>
    [RequiredField]
    public Guid? AccountId { get; init; }

    /// <summary>Asset code, e.g. <c>USD</c> (any case).</summary>
    [RequiredField]
    [Pattern(PatternAttribute.AssetCode)]
    [Example("USD")]
    public string? Asset { get; init; }

    /// <summary>Positive decimal string with at most the asset's decimals, e.g. <c>"100.00"</c>.</summary>
    [RequiredField]
    [DecimalString(DecimalKind.Request, "100.00")]
    public string? Amount { get; init; }

    /// <summary>Free text, at most 500 characters.</summary>
    [LengthBetween(0, 500)]
    [Example("Salary")]
    public string? Description { get; init; }

    /// <summary>Credit only, optional: what one unit cost, in the account's base currency (the deposit's cost basis).</summary>
    [DecimalString(DecimalKind.Request, "3000")]
    public string? Price { get; init; }
}

/// <summary>Body of <c>POST /transactions/transfer</c>.</summary>
public sealed class TransferRequest
{
    /// <summary>One of your accounts.</summary>
    [RequiredField]
    public Guid? FromAccountId { get; init; }

    /// <summary>Any open account.</summary>
    [RequiredField]
    public Guid? ToAccountId { get; init; }

    /// <summary>Asset code, e.g. <c>USD</c> (any case).</summary>
    [RequiredField]
    [Pattern(PatternAttribute.AssetCode)]
    [Example("USD")]
    public string? Asset { get; init; }

    /// <summary>Positive decimal string with at most the asset's decimals.</summary>
    [RequiredField]
    [DecimalString(DecimalKind.Request, "40.00")]
    public string? Amount { get; init; }

    /// <summary>Free text, at most 500 characters.</summary>
    [LengthBetween(0, 500)]
    [Example("Rent")]
    public string? Description { get; init; }

    /// <summary>Reserve only, until <c>POST /transactions/{id}/post</c> or <c>/void</c>; <c>false</c> when omitted.</summary>
    public bool? Pending { get; init; }
}

/// <summary>Body of <c>POST /transactions/trade</c>.</summary>
public sealed class TradeRequest
{
    /// <summary>One of your accounts.</summary>
    [RequiredField]
    public Guid? AccountId { get; init; }

    /// <summary><c>buy</c> or <c>sell</c>.</summary>
    [RequiredField]
    [Values("buy", "sell")]
    public string? Side { get; init; }

    /// <summary>The asset bought or sold, e.g. <c>BTC</c>.</summary>
    [RequiredField]
    [Pattern(PatternAttribute.AssetCode)]
    [Example("BTC")]
    public string? Asset { get; init; }

    /// <summary>How much of it, with at most its decimals.</summary>
    [RequiredField]
    [DecimalString(DecimalKind.Request, "0.001")]
    public string? Quantity { get; init; }

    /// <summary>The asset paid or received, e.g. <c>USD</c>.</summary>
    [RequiredField]
    [Pattern(PatternAttribute.AssetCode)]
    [Example("USD")]
    public string? QuoteAsset { get; init; }

    /// <summary>Quote asset per unit; the current market price when omitted.</summary>
    [DecimalString(DecimalKind.Request, "64250.00")]
    public string? Price { get; init; }

    /// <summary>In the quote asset (at most its decimals); added to a buy, deducted from a sale.</summary>
    [DecimalString(DecimalKind.Request, "0.10")]
    public string? Fee { get; init; }

    /// <summary>Free text, at most 500 characters.</summary>
    [LengthBetween(0, 500)]
    public string? Description { get; init; }
}

/// <summary>Body of <c>POST /transactions/{id}/reverse</c> (admin).</summary>
public sealed class ReverseRequest
{
    /// <summary>Why; becomes the reversal's description (1–500 characters).</summary>
    [RequiredField]
    [LengthBetween(1, 500)]
    [Example("Deposit booked twice")]
    public string? Reason { get; init; }
}

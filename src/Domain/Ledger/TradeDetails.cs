using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Ledger;

/// <summary>
/// What a trade exchanged: <see cref="Quantity"/> of an asset at <see cref="Price"/> (quote per unit), so
/// <see cref="QuoteAmount"/> = quantity × price rounded to the quote asset's decimals (midpoint away from zero);
/// the <see cref="Fee"/> is added to a buy and deducted from a sale, giving <see cref="Settlement"/>, the quote amount
/// that actually left (buy) or reached (sell) the account.
/// </summary>
public sealed record TradeDetails(TradeSide Side, Money Quantity, decimal Price, Money QuoteAmount, Money Fee, Money Settlement);

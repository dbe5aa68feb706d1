using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Domain.Common;

/// <summary>
/// An amount of one asset, never with more fraction digits than the asset allows. Amounts of different assets do not
/// mix: adding them is a bug, not a rounding question.
/// </summary>
public readonly record struct Money
{
    private Money(decimal amount, Asset asset)
    {
        Amount = amount;
        Asset = asset;
    }

    public decimal Amount { get; }

    public Asset Asset { get; }

    public AssetCode Code => Asset.Code;

    public bool IsZero => Amount == 0;

    public bool IsPositive => Amount > 0;

    public static Money Zero(Asset asset) => new(0, asset);

    /// <summary>An amount of <paramref name="asset"/>; refused when it has too many fraction digits or is too large.</summary>
    public static Result<Money> Of(decimal amount, Asset asset, string field = "amount")
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (!asset.Fits(amount))
        {
            return Error.Validation(field, $"{asset.Code} amounts have at most {asset.Decimals} decimal places.");
        }

        if (Math.Abs(amount) >= asset.Limit)
        {
            return Error.Validation(field, $"Must be less than {asset.Limit:0} {asset.Code}.");
        }

        return new Money(amount, asset);
    }

    /// <summary>A strictly positive amount of <paramref name="asset"/> parsed from a decimal string.</summary>
    public static Result<Money> ParsePositive(string? text, Asset asset, string field = "amount")
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (!DecimalAmount.TryParse(text, out var value))
        {
            return Error.Validation(field, "Must be a decimal string such as \"12.50\" (no sign, exponent or spaces).");
        }

        if (value == 0)
        {
            return Error.Validation(field, "Must be greater than zero.");
        }

        return Of(value, asset, field);
    }

    /// <summary>The same value with its sign flipped.</summary>
    public Money Negate() => new(-Amount, Asset);

    public static Money operator +(Money left, Money right) => new(left.Amount + right.SameAssetAs(left).Amount, left.Asset);

    public static Money operator -(Money left, Money right) => new(left.Amount - right.SameAssetAs(left).Amount, left.Asset);

    public static Money operator -(Money value) => value.Negate();

    public static Money Add(Money left, Money right) => left + right;

    public static Money Subtract(Money left, Money right) => left - right;

    public override string ToString() => $"{Asset.Format(Amount)} {Code}";

    private Money SameAssetAs(Money other) => other.Code == Code
        ? this
        : throw new InvalidOperationException($"Cannot combine {Code} with {other.Code}.");
}

using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Assets;

/// <summary>
/// Something the ledger counts: a fiat currency or a crypto asset, with the number of fraction digits every amount
/// of it has, and its market-data id.
/// </summary>
public sealed record Asset
{
    public const int MaxDecimals = 18;

    /// <summary>10^0 … 10^28, so <see cref="Limit"/> (read for every amount and balance change) is a lookup.</summary>
    private static readonly decimal[] PowersOfTen = [.. Enumerable.Range(0, DecimalAmount.MaxSignificantDigits + 1).Select(Pow10)];

    private Asset(AssetCode code, string name, AssetKind kind, int decimals, string? priceId)
    {
        Code = code;
        Name = name;
        Kind = kind;
        Decimals = decimals;
        PriceId = priceId;
    }

    public AssetCode Code { get; }

    public string Name { get; }

    public AssetKind Kind { get; }

    /// <summary>How many fraction digits amounts of this asset have (USD 2, BTC 8, ETH 18).</summary>
    public int Decimals { get; }

    /// <summary>The id of the asset at the market-data providers (<c>bitcoin</c>), or null.</summary>
    public string? PriceId { get; }

    /// <summary>
    /// The largest magnitude an amount or balance of this asset may reach: below it, every value with
    /// <see cref="Decimals"/> fraction digits is exact in a <see cref="decimal"/>.
    /// </summary>
    public decimal Limit => PowersOfTen[DecimalAmount.MaxSignificantDigits - Decimals];

    public static Result<Asset> Create(AssetCode code, string name, AssetKind kind, int decimals, string? priceId)
    {
        if (!IsValidName(name))
        {
            return Error.Validation("name", "Must be 1-100 characters without control characters.");
        }

        if (decimals is < 0 or > MaxDecimals)
        {
            return Error.Validation("decimals", $"Must be between 0 and {MaxDecimals}.");
        }

        return new Asset(code, name.Trim(), kind, decimals, string.IsNullOrWhiteSpace(priceId) ? null : priceId.Trim());
    }

    /// <summary>1–100 characters after trimming, without control characters.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= 100 && !name.Any(char.IsControl);

    /// <summary>True when <paramref name="amount"/> needs no more fraction digits than this asset has.</summary>
    public bool Fits(decimal amount) => DecimalAmount.FractionDigits(amount) <= Decimals;

    /// <summary>Renders an amount with exactly this asset's fraction digits.</summary>
    public string Format(decimal amount) => DecimalAmount.Format(amount, Decimals);

    private static decimal Pow10(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}

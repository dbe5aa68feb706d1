using System.Text.RegularExpressions;

namespace PortfolioTracker.Domain.Assets;

/// <summary>An asset's ticker: 2–12 upper-case ASCII letters or digits (<c>USD</c>, <c>BTC</c>, <c>USDT</c>).</summary>
public readonly partial record struct AssetCode
{
    private AssetCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>Accepts any letter case (<c>"btc"</c> is <c>BTC</c>); null when the text is not a code.</summary>
    public static AssetCode? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        // Match first, then upper-case: only ASCII letters can pass, so no Unicode case mapping ('ſ' → 'S') sneaks in.
        return Pattern().IsMatch(text) ? new AssetCode(text.ToUpperInvariant()) : null;
    }

    public static AssetCode Parse(string text) =>
        TryParse(text) ?? throw new ArgumentException($"'{text}' is not an asset code.", nameof(text));

    public override string ToString() => Value;

    [GeneratedRegex(@"^[A-Za-z0-9]{2,12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

using System.Text.RegularExpressions;
using FluentValidation;

namespace PortfolioTracker.Application.Prices;

/// <summary>Shapes of market-data inputs.</summary>
public static partial class PriceRules
{
    public const string DefaultVs = "usd";

    /// <summary>A market-data id: lower-case letters, digits and dashes (<c>bitcoin</c>, <c>avalanche-2</c>).</summary>
    public static bool IsCoinId(string? coinId) => coinId is not null && CoinIdPattern().IsMatch(coinId);

    public static IRuleBuilderOptions<T, string?> SupportedVs<T>(this IRuleBuilder<T, string?> rule, IMarketData market) =>
        rule.Must(vs => vs is null || market.VsCurrencies.Contains(vs))
            .WithMessage($"Must be one of the supported vs currencies ({string.Join(", ", market.VsCurrencies)}).");

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CoinIdPattern();
}

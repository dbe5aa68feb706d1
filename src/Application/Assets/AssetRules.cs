using FluentValidation;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Assets;

/// <summary>Validation rules for fields that name an asset or carry an amount of one.</summary>
public static class AssetRules
{
    /// <summary>The field names a known asset.</summary>
    public static IRuleBuilderOptionsConditions<T, string> KnownAsset<T>(this IRuleBuilder<T, string> rule, IAssetCatalog catalog) =>
        rule.CustomAsync(async (code, context, ct) =>
        {
            if (string.IsNullOrEmpty(code))
            {
                context.AddFailure("Is required.");
            }
            else if (await catalog.FindAsync(code, ct) is null)
            {
                context.AddFailure($"'{code}' is not a known asset (see GET /api/v1/assets).");
            }
        });

    /// <summary>
    /// The field is a positive decimal string with no more fraction digits than the asset named by
    /// <paramref name="assetOf"/> allows (nothing is reported when that asset is unknown: its own rule says so).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> PositiveAmountOf<T>(
        this IRuleBuilder<T, string?> rule, Func<T, string?> assetOf, IAssetCatalog catalog, bool allowZero = false) =>
        rule.CustomAsync(async (text, context, ct) =>
        {
            if (string.IsNullOrEmpty(text))
            {
                context.AddFailure("Is required.");
                return;
            }

            if (!DecimalAmount.TryParse(text, out var value))
            {
                context.AddFailure("Must be a decimal string such as \"12.50\" (no sign, exponent or spaces; at most 28 significant digits).");
                return;
            }

            if (value == 0 && !allowZero)
            {
                context.AddFailure("Must be greater than zero.");
                return;
            }

            if (await catalog.FindAsync(assetOf(context.InstanceToValidate), ct) is { } asset)
            {
                var money = Money.Of(value, asset);
                if (money.IsFailure)
                {
                    context.AddFailure(money.Error.FieldErrors!.Values.First()[0]);
                }
            }
        });

    /// <summary>A positive decimal string, without an asset's precision (prices).</summary>
    public static IRuleBuilderOptionsConditions<T, string?> PositiveDecimal<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((text, context) =>
        {
            if (!DecimalAmount.TryParse(text, out var value))
            {
                context.AddFailure("Must be a decimal string such as \"64250.12\" (no sign, exponent or spaces; at most 28 significant digits).");
            }
            else if (value == 0)
            {
                context.AddFailure("Must be greater than zero.");
            }
        });
}

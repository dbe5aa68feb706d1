using FluentValidation;

namespace PortfolioTracker.Application.Common.Idempotency;

public static class IdempotencyKeyRules
{
    public const int MaxLength = 255;

    /// <summary>1–255 printable ASCII characters (space to tilde); absent is fine.</summary>
    public static bool IsValid(string? key) =>
        key is null || (key.Length is > 0 and <= MaxLength && key.All(c => c is >= ' ' and <= '~'));

    public static IRuleBuilderOptions<T, string?> ValidIdempotencyKey<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsValid).WithMessage($"Must be 1-{MaxLength} printable ASCII characters.")
            .OverridePropertyName("Idempotency-Key");
}

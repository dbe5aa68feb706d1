using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Accounts;

/// <summary>An account's name: 1–100 characters without control characters, surrounding spaces trimmed.</summary>
public sealed record AccountName
{
    public const int MaxLength = 100;

    private AccountName(string value) => Value = value;

    public string Value { get; }

    /// <summary>Names are unique per owner regardless of letter case.</summary>
    public string Normalized => Value.ToLowerInvariant();

    public static bool IsValid(string? value)
    {
        var trimmed = value?.Trim();
        return !string.IsNullOrEmpty(trimmed) && trimmed.Length <= MaxLength && !trimmed.Any(char.IsControl);
    }

    public static Result<AccountName> Create(string? value) =>
        IsValid(value) ? new AccountName(value!.Trim()) : Error.Validation("name", $"Must be 1-{MaxLength} characters without control characters.");

    public override string ToString() => Value;
}

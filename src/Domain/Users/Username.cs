using System.Text.RegularExpressions;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Users;

/// <summary>A user name: 3–50 ASCII letters, digits or underscores. Unique case-insensitively.</summary>
public sealed partial record Username
{
    public const int MinLength = 3;
    public const int MaxLength = 50;

    private Username(string value) => Value = value;

    public string Value { get; }

    /// <summary>The form used for uniqueness checks.</summary>
    public string Normalized => Value.ToLowerInvariant();

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    public static Result<Username> Create(string? value) =>
        IsValid(value)
            ? new Username(value!)
            : Error.Validation("username", $"Must be {MinLength}-{MaxLength} characters of letters, digits or underscores.");

    public override string ToString() => Value;

    // \z, not $: in .NET "$" also matches before a final newline, which would let "alice\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9_]{3,50}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

using System.Text.RegularExpressions;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Users;

/// <summary>An e-mail address as the user typed it; compared case-insensitively through <see cref="Normalized"/>.</summary>
public sealed partial record EmailAddress
{
    public const int MaxLength = 254;

    private EmailAddress(string value) => Value = value;

    public string Value { get; }

    /// <summary>The lower-case form used to find and compare addresses.</summary>
    public string Normalized => Normalize(Value);

    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.ToLowerInvariant();
    }

    /// <summary>
    /// A plain ASCII <c>local@domain.tld</c> address: the local part a dot-atom (no leading, trailing or doubled dots,
    /// no quoted strings), the domain host names of letters, digits and inner hyphens with a top-level label of at
    /// least two letters (no IP literals). Deliberately stricter than RFC 5322, which allows forms mail systems
    /// rarely accept.
    /// </summary>
    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(value) && value.IndexOf('@', StringComparison.Ordinal) <= 64;

    public static Result<EmailAddress> Create(string? value) =>
        IsValid(value) ? new EmailAddress(value!) : Error.Validation("email", "Must be a valid e-mail address.");

    public override string ToString() => Value;

    [GeneratedRegex(
        @"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

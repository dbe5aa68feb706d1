using System.Net.Mail;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.Users;

/// <summary>An e-mail address as the user typed it; compared case-insensitively through <see cref="Normalized"/>.</summary>
public sealed record EmailAddress
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
    /// A plain <c>local@domain.tld</c> address: no display name, no spaces or control characters, a dot in the domain.
    /// </summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        if (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value || !string.IsNullOrEmpty(parsed.DisplayName))
        {
            return false;
        }

        var domain = parsed.Host;
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.');
    }

    public static Result<EmailAddress> Create(string? value) =>
        IsValid(value) ? new EmailAddress(value!) : Error.Validation("email", "Must be a valid e-mail address.");

    public override string ToString() => Value;
}

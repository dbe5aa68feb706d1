namespace PortfolioTracker.Domain.Users;

/// <summary>What a new password must satisfy.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;

    /// <summary>Bounded so that hashing an attacker's megabyte "password" cannot be used to burn CPU.</summary>
    public const int MaxLength = 128;

    /// <summary>Returns the reasons <paramref name="password"/> is refused; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Check(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return ["Is required."];
        }

        var problems = new List<string>();
        if (password.Length < MinLength)
        {
            problems.Add($"Must be at least {MinLength} characters.");
        }

        if (password.Length > MaxLength)
        {
            problems.Add($"Must be at most {MaxLength} characters.");
        }

        if (!password.Any(char.IsUpper))
        {
            problems.Add("Must contain an upper-case letter.");
        }

        if (!password.Any(char.IsDigit))
        {
            problems.Add("Must contain a digit.");
        }

        return problems;
    }
}

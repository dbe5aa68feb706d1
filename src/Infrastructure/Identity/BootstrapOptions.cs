namespace PortfolioTracker.Infrastructure.Identity;

/// <summary>Settings of the <c>Bootstrap</c> section: the first admin, created or updated at start-up.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    /// <summary>E-mail of the admin (env <c>Bootstrap__AdminEmail</c>).</summary>
    public string? AdminEmail { get; set; }

    /// <summary>Password of the admin (env <c>Bootstrap__AdminPassword</c>); must satisfy the password policy.</summary>
    public string? AdminPassword { get; set; }
}

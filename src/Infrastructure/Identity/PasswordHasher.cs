using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PortfolioTracker.Application.Common.Interfaces;
using AspNetPasswordHasher = Microsoft.AspNetCore.Identity.PasswordHasher<object>;

namespace PortfolioTracker.Infrastructure.Identity;

/// <summary>PBKDF2 (HMAC-SHA512, ASP.NET Core Identity v3 format) with a configurable iteration count.</summary>
internal sealed class PasswordHasher : IPasswordHasher
{
    private static readonly object NoUser = new();
    private readonly AspNetPasswordHasher hasher;
    private readonly string dummyHash;

    public PasswordHasher(IOptions<PasswordHashingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        hasher = new AspNetPasswordHasher(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.Iterations,
        }));
        dummyHash = hasher.HashPassword(NoUser, Guid.NewGuid().ToString());
    }

    public string Hash(string password) => hasher.HashPassword(NoUser, password);

    public PasswordCheck Verify(string hash, string password) => hasher.VerifyHashedPassword(NoUser, hash, password) switch
    {
        PasswordVerificationResult.Success => PasswordCheck.Succeeded,
        PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SucceededRehashNeeded,
        _ => PasswordCheck.Failed,
    };

    public void VerifyAgainstDummy(string password) => hasher.VerifyHashedPassword(NoUser, dummyHash, password);
}

/// <summary>Settings of the <c>Passwords</c> section.</summary>
public sealed class PasswordHashingOptions
{
    public const string SectionName = "Passwords";

    /// <summary>PBKDF2 iterations (default 100,000, the ASP.NET Core Identity default; lower only in tests).</summary>
    public int Iterations { get; set; } = 100_000;
}

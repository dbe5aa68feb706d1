namespace PortfolioTracker.Application.Common.Interfaces;

public enum PasswordCheck
{
    Failed,
    Succeeded,

    /// <summary>The password is right but the hash uses an older format or cost; store a fresh hash.</summary>
    SucceededRehashNeeded,
}

/// <summary>A slow key-derivation function for passwords.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    PasswordCheck Verify(string hash, string password);

    /// <summary>
    /// Spends the same effort as a real verification, for a caller whose user does not exist, so that an unknown
    /// e-mail address cannot be told from a wrong password by timing.
    /// </summary>
    void VerifyAgainstDummy(string password);
}

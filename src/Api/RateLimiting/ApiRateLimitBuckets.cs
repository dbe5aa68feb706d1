using Microsoft.Extensions.Options;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>The token buckets of every policy, one set per instance.</summary>
internal sealed class ApiRateLimitBuckets : IDisposable
{
    public ApiRateLimitBuckets(IOptions<RateLimitingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        User = new KeyedTokenBucket("user", settings.User);
        Anonymous = new KeyedTokenBucket("anonymous", settings.Anonymous);
        Login = new KeyedTokenBucket("login", settings.Login);
        LoginFailures = new KeyedTokenBucket("login_failures", settings.LoginFailures);
        Register = new KeyedTokenBucket("register", settings.Register);
    }

    public KeyedTokenBucket User { get; }

    public KeyedTokenBucket Anonymous { get; }

    public KeyedTokenBucket Login { get; }

    public KeyedTokenBucket LoginFailures { get; }

    public KeyedTokenBucket Register { get; }

    public void Dispose()
    {
        User.Dispose();
        Anonymous.Dispose();
        Login.Dispose();
        LoginFailures.Dispose();
        Register.Dispose();
    }
}

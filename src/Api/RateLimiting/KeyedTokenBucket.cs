using System.Threading.RateLimiting;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>One token bucket per key (a user, an address, an e-mail), for one policy.</summary>
internal sealed class KeyedTokenBucket : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public KeyedTokenBucket(string policy, TokenBucketSettings settings)
    {
        Policy = policy;
        Settings = settings;
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.PermitLimit,
            TokensPerPeriod = settings.TokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(settings.ReplenishmentPeriodSeconds),
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };

        // Partitions are replenished by the partitioned limiter's own timer and dropped once idle (full again).
        limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => options));
    }

    /// <summary>The policy's name, as metrics and logs show it.</summary>
    public string Policy { get; }

    public TokenBucketSettings Settings { get; }

    public RateLimitLease Attempt(string key, int permits) => limiter.AttemptAcquire(key, permits);

    /// <summary>
    /// Whether a whole token is left, without taking it. (Not <c>AttemptAcquire(key, 0)</c>: partitions are refilled
    /// continuously in fractions, and that succeeds as soon as any fraction of a token is back.)
    /// </summary>
    public bool HasToken(string key) => (limiter.GetStatistics(key)?.CurrentAvailablePermits ?? Settings.PermitLimit) >= 1;

    public ValueTask<RateLimitLease> WaitAsync(string key, int permits, CancellationToken cancellationToken) =>
        limiter.AcquireAsync(key, permits, cancellationToken);

    /// <summary>The state of <paramref name="key"/>'s bucket, as the <c>RateLimit-*</c> headers report it.</summary>
    public RateLimitQuota QuotaOf(string key)
    {
        var available = (int)Math.Clamp(limiter.GetStatistics(key)?.CurrentAvailablePermits ?? Settings.PermitLimit, 0, Settings.PermitLimit);
        return new RateLimitQuota(Settings.PermitLimit, available, SecondsUntilFull(available));
    }

    public void Dispose() => limiter.Dispose();

    /// <summary>
    /// An upper bound of the time until the bucket is full again: the periods that the missing tokens need (the
    /// phase of the current period is not known, so the whole first period is counted).
    /// </summary>
    private long SecondsUntilFull(int available)
    {
        var missing = Settings.PermitLimit - available;
        if (missing <= 0)
        {
            return 0;
        }

        var periods = (missing + Settings.TokensPerPeriod - 1) / Settings.TokensPerPeriod;
        return (long)periods * Settings.ReplenishmentPeriodSeconds;
    }
}

/// <summary>What the <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> headers say.</summary>
internal readonly record struct RateLimitQuota(int Limit, int Remaining, long ResetSeconds);

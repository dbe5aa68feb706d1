using System.Threading.RateLimiting;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>
/// The global limiter of ASP.NET Core's rate-limiting middleware. A request passes the stages of its
/// <see cref="RateLimitPlan"/> in order (the scan block, the client's bucket, then the login or registration
/// buckets); the first that refuses decides the 429. The plan keeps the quota and the refusal for the answer's
/// headers.
/// </summary>
internal sealed class ApiRateLimiter(ApiRateLimitBuckets buckets, NotFoundScanGuard scanGuard) : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        // Without waiting, the walk never awaits: its task is complete when it returns.
        var walk = WalkAsync(resource, wait: false, CancellationToken.None);
        return walk.IsCompleted ? walk.Result : throw new InvalidOperationException("A rate-limit attempt must not wait.");
    }

    /// <summary>Called after a failed attempt: waits (when the refusing bucket has a queue) from the stage that refused.</summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        WalkAsync(resource, wait: true, cancellationToken);

    /// <summary>
    /// Passes the request through its plan's stages from the first not passed yet; with <paramref name="wait"/>, a bucket
    /// with a queue is waited for instead of refusing at once.
    /// </summary>
    private async ValueTask<RateLimitLease> WalkAsync(HttpContext resource, bool wait, CancellationToken cancellationToken)
    {
        var plan = RateLimitPlan.Of(resource, buckets);
        if (Settled(plan) is { } settled)
        {
            return settled;
        }

        for (; plan.Next < plan.Stages.Count; plan.Next++)
        {
            var stage = plan.Stages[plan.Next];
            if (stage.CheckOnly)
            {
                if (Check(plan, stage) is { } refused)
                {
                    return refused;
                }

                continue;
            }

            using var lease = wait && stage.Bucket.Settings.QueueLimit > 0
                ? await stage.Bucket.WaitAsync(stage.Key, 1, cancellationToken)
                : stage.Bucket.Attempt(stage.Key, 1);
            if (!lease.IsAcquired)
            {
                return Refuse(plan, stage, lease);
            }
        }

        return Acquired(plan);
    }

    /// <summary>The answer known before any bucket is asked: exempt paths pass, a client blocked for scanning does not.</summary>
    private PlanLease? Settled(RateLimitPlan plan) =>
        plan.Exempt ? PlanLease.Acquired
        : IsBlocked(plan) ? PlanLease.Refused(plan.RetryAfter)
        : null;

    /// <summary>A check-only stage costs nothing and never waits: refused when its bucket has no whole token left.</summary>
    private static PlanLease? Check(RateLimitPlan plan, RateLimitStage stage) =>
        stage.Bucket.HasToken(stage.Key) ? null : Refuse(plan, stage, lease: null);

    private bool IsBlocked(RateLimitPlan plan)
    {
        if (!scanGuard.IsBlocked(plan.Client, out var remaining))
        {
            return false;
        }

        plan.RefusedBy = NotFoundScanGuard.Policy;
        plan.RetryAfter = remaining;
        plan.Quota = scanGuard.BlockedQuota(remaining);
        return true;
    }

    private static PlanLease Refuse(RateLimitPlan plan, RateLimitStage stage, RateLimitLease? lease)
    {
        var retryAfter = lease is not null && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : TimeSpan.FromSeconds(stage.Bucket.Settings.ReplenishmentPeriodSeconds);
        plan.RefusedBy = stage.Bucket.Policy;
        plan.RetryAfter = retryAfter;
        plan.Quota = stage.Bucket.QuotaOf(stage.Key) with { Remaining = 0 };
        return PlanLease.Refused(retryAfter);
    }

    /// <summary>Passed every stage: the answer reports the tightest of them (fewest requests left).</summary>
    private static PlanLease Acquired(RateLimitPlan plan)
    {
        RateLimitQuota? tightest = null;
        foreach (var stage in plan.Stages)
        {
            var quota = stage.Bucket.QuotaOf(stage.Key);
            if (tightest is null || quota.Remaining < tightest.Value.Remaining)
            {
                tightest = quota;
            }
        }

        plan.Quota = tightest;
        return PlanLease.Acquired;
    }

    /// <summary>
    /// The lease handed to the middleware. Token buckets keep nothing to give back, so disposing it releases nothing.
    /// </summary>
    private sealed class PlanLease : RateLimitLease
    {
        public static readonly PlanLease Acquired = new(true, null);

        private readonly TimeSpan? retryAfter;

        private PlanLease(bool acquired, TimeSpan? retryAfter)
        {
            IsAcquired = acquired;
            this.retryAfter = retryAfter;
        }

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static PlanLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}

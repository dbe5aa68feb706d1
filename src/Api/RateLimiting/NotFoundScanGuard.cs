using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>
/// Scan protection: a client (user or address) that is answered 404 more than
/// <see cref="NotFoundScanSettings.PermitLimit"/> times within a window is refused every request for
/// <see cref="NotFoundScanSettings.BlockSeconds"/>.
/// </summary>
internal sealed partial class NotFoundScanGuard : IDisposable
{
    public const string Policy = "not_found_scan";

    private const int PruneThreshold = 10_000;

    private readonly NotFoundScanSettings settings;
    private readonly TimeProvider clock;
    private readonly ILogger<NotFoundScanGuard> logger;
    private readonly PartitionedRateLimiter<string> notFoundCounter;
    private readonly ConcurrentDictionary<string, DateTimeOffset> blockedUntil = new(StringComparer.Ordinal);

    public NotFoundScanGuard(IOptions<RateLimitingOptions> options, TimeProvider clock, ILogger<NotFoundScanGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value.NotFound;
        this.clock = clock;
        this.logger = logger;
        var window = new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            Window = TimeSpan.FromSeconds(settings.WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        notFoundCounter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => window));
    }

    /// <summary>Whether <paramref name="client"/> is blocked now, and for how much longer.</summary>
    public bool IsBlocked(string client, out TimeSpan remaining)
    {
        remaining = TimeSpan.Zero;
        if (!blockedUntil.TryGetValue(client, out var until))
        {
            return false;
        }

        remaining = until - clock.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            return true;
        }

        blockedUntil.TryRemove(KeyValuePair.Create(client, until));
        return false;
    }

    /// <summary>The quota a blocked client's 429 reports: nothing left until the block ends.</summary>
    public RateLimitQuota BlockedQuota(TimeSpan remaining) =>
        new(settings.PermitLimit, 0, (long)Math.Ceiling(remaining.TotalSeconds));

    /// <summary>Counts one 404 answer to <paramref name="client"/>; one too many blocks it.</summary>
    public void RecordNotFound(string client)
    {
        using var lease = notFoundCounter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            return;
        }

        var until = clock.GetUtcNow().AddSeconds(settings.BlockSeconds);
        blockedUntil[client] = until;
        LogBlocked(logger, client, settings.PermitLimit, settings.WindowSeconds, settings.BlockSeconds);
        if (blockedUntil.Count > PruneThreshold)
        {
            Prune();
        }
    }

    public void Dispose() => notFoundCounter.Dispose();

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (client, until) in blockedUntil)
        {
            if (until <= now)
            {
                blockedUntil.TryRemove(KeyValuePair.Create(client, until));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blocked {Client} for {BlockSeconds} s: more than {Limit} not-found answers within {WindowSeconds} s")]
    private static partial void LogBlocked(ILogger logger, string client, int limit, int windowSeconds, int blockSeconds);
}

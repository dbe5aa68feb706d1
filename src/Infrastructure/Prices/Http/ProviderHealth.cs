using System.Collections.Concurrent;
using Polly.CircuitBreaker;

namespace PortfolioTracker.Infrastructure.Prices.Http;

/// <summary>
/// What one HTTP market-data provider has been through since start-up: its circuit and running counters. Every counter
/// only grows (ready to be exported as a monotonic counter).
/// </summary>
/// <param name="Provider">The provider's key (<c>coingecko</c>, <c>binance</c>).</param>
/// <param name="Circuit">
/// The breaker's state as Polly holds it. Polly moves Open → HalfOpen lazily, when the first call after the break
/// arrives, so an idle provider can show Open past <see cref="OpenUntil"/>.
/// </param>
/// <param name="OpenUntil">Until when the last opening refuses calls; null when the circuit never opened.</param>
/// <param name="Requests">Attempts actually sent upstream (retries included; refused and rate-limited ones not).</param>
/// <param name="Failures">Attempts that failed: transport errors, attempt timeouts, 408, 429 and 5xx answers, successful answers whose body is not JSON.</param>
/// <param name="Throttled">429 answers received.</param>
/// <param name="RateLimiterRejections">Attempts our own request budget refused (never sent).</param>
/// <param name="Retries">Retries scheduled.</param>
/// <param name="CircuitRejections">Calls refused at once because the circuit was open.</param>
/// <param name="CircuitOpenings">How often the circuit opened.</param>
/// <param name="LastFailure">The last failure's reason, when there was one.</param>
/// <param name="LastFailureAt">When that was.</param>
internal sealed record ProviderStatus(
    string Provider,
    CircuitState Circuit,
    DateTimeOffset? OpenUntil,
    long Requests,
    long Failures,
    long Throttled,
    long RateLimiterRejections,
    long Retries,
    long CircuitRejections,
    long CircuitOpenings,
    string? LastFailure,
    DateTimeOffset? LastFailureAt);

/// <summary>The health of every HTTP market-data provider, by provider key (a singleton).</summary>
internal sealed class ProviderHealth
{
    private readonly ConcurrentDictionary<string, ProviderCounters> providers = new(StringComparer.Ordinal);

    /// <summary>The counters of one provider, created on first use.</summary>
    public ProviderCounters For(string provider) => providers.GetOrAdd(provider, static key => new ProviderCounters(key));

    /// <summary>One provider's status, or null when it was never used.</summary>
    public ProviderStatus? Get(string provider) => providers.TryGetValue(provider, out var counters) ? counters.Snapshot() : null;

    /// <summary>Every provider's status, as of now.</summary>
    public IReadOnlyDictionary<string, ProviderStatus> Snapshot() =>
        providers.ToDictionary(p => p.Key, p => p.Value.Snapshot(), StringComparer.Ordinal);
}

/// <summary>The mutable, thread-safe counters behind one <see cref="ProviderStatus"/>.</summary>
internal sealed class ProviderCounters(string provider)
{
    private readonly Lock gate = new();
    private long requests;
    private long failures;
    private long throttled;
    private long rateLimiterRejections;
    private long retries;
    private long circuitRejections;
    private long circuitOpenings;
    private CircuitBreakerStateProvider? circuit;
    private DateTimeOffset? openUntil;
    private FailureNote? lastFailure;

    public string Provider => provider;

    /// <summary>Connects the breaker whose state the snapshot reports.</summary>
    public void Attach(CircuitBreakerStateProvider stateProvider) => Volatile.Write(ref circuit, stateProvider);

    public void RequestSent() => Interlocked.Increment(ref requests);

    public void Failed(string reason, DateTimeOffset at, bool throttledAnswer = false)
    {
        Interlocked.Increment(ref failures);
        if (throttledAnswer)
        {
            Interlocked.Increment(ref throttled);
        }

        Volatile.Write(ref lastFailure, new FailureNote(reason, at));
    }

    public void RateLimiterRejected() => Interlocked.Increment(ref rateLimiterRejections);

    public void Retried() => Interlocked.Increment(ref retries);

    public void CircuitRejected() => Interlocked.Increment(ref circuitRejections);

    public void CircuitOpened(DateTimeOffset until)
    {
        Interlocked.Increment(ref circuitOpenings);
        lock (gate)
        {
            openUntil = until;
        }
    }

    /// <summary>Until when the last opening of the circuit refuses calls; null when it never opened.</summary>
    public DateTimeOffset? OpenUntil
    {
        get
        {
            lock (gate)
            {
                return openUntil;
            }
        }
    }

    public ProviderStatus Snapshot()
    {
        var until = OpenUntil;
        var failure = Volatile.Read(ref lastFailure);
        return new ProviderStatus(
            provider,
            Volatile.Read(ref circuit)?.CircuitState ?? CircuitState.Closed,
            until,
            Interlocked.Read(ref requests),
            Interlocked.Read(ref failures),
            Interlocked.Read(ref throttled),
            Interlocked.Read(ref rateLimiterRejections),
            Interlocked.Read(ref retries),
            Interlocked.Read(ref circuitRejections),
            Interlocked.Read(ref circuitOpenings),
            failure?.Reason,
            failure?.At);
    }

    private sealed record FailureNote(string Reason, DateTimeOffset At);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace PortfolioTracker.Infrastructure.Prices.Http;

/// <summary>
/// One provider's resilience, shared by every request to it: the Polly pipeline (total timeout → retry → request
/// budget → circuit breaker → attempt timeout) and the token bucket that keeps us within the provider's plan. The
/// budget sits outside the breaker, so its refusals never reach the breaker: counted as successes there, they would
/// dilute the failure ratio, and a provider that fails every request while the budget is spent would never be broken.
/// Built once per provider by <see cref="ProviderResilienceRegistry"/>; the <see cref="ResilienceHandler"/>s of that
/// provider's HttpClients use it.
/// </summary>
internal sealed partial class ProviderResilience : IDisposable
{
    /// <summary>The longest an attempt waits for a token of the request budget before it is refused.</summary>
    public static readonly TimeSpan MaxBudgetWait = TimeSpan.FromSeconds(1);

    private static readonly ResiliencePropertyKey<long> StartedAtKey = new("PortfolioTracker.Prices.StartedAt");
    private static readonly ResiliencePropertyKey<CancellationToken> CallerTokenKey = new("PortfolioTracker.Prices.CallerToken");

    private readonly TimeProvider clock;
    private readonly ILogger logger;
    /// <summary>How much later than its token a request may reach the provider, for the budget's purposes.</summary>
    internal static readonly TimeSpan ArrivalAllowance = TimeSpan.FromSeconds(2);

    private readonly TokenBucketRateLimiter? limiter;
    private readonly TimeSpan budgetWait;
    private readonly CircuitBreakerStateProvider circuit;

    public ProviderResilience(string name, ProviderResilienceOptions options, ProviderHealth health, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(health);
        Name = name;
        this.clock = clock;
        this.logger = logger;
        Counters = health.For(name);
        Settings = ResilienceSettings.From(options);
        limiter = CreateLimiter(Settings.RequestsPerMinute);
        budgetWait = TimeSpan.FromTicks(Math.Min(MaxBudgetWait.Ticks, Settings.AttemptTimeout.Ticks / 2));
        circuit = new CircuitBreakerStateProvider();
        Pipeline = BuildPipeline(circuit);
        Counters.Attach(circuit);
    }

    public string Name { get; }

    public ResilienceSettings Settings { get; }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    public ProviderCounters Counters { get; }

    public TimeProvider Clock => clock;

    /// <summary>408, 429 and 5xx: worth another attempt, and a failure for the breaker.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Marks the start of a call (its total budget) and who called, before the pipeline runs.</summary>
    public void BeginCall(ResilienceContext context, CancellationToken callerToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Properties.Set(StartedAtKey, clock.GetTimestamp());
        context.Properties.Set(CallerTokenKey, callerToken);
    }

    /// <summary>The caller's own token (not the pipeline's, which the timeouts cancel).</summary>
    public static CancellationToken CallerToken(ResilienceContext context) =>
        context.Properties.GetValue(CallerTokenKey, CancellationToken.None);

    /// <summary>
    /// Whether the breaker refuses calls now without a probe: open and within its break, half-open (its one probe is
    /// under way) or isolated. An attempt is then refused before it takes a token of the budget, which it would waste.
    /// </summary>
    public bool CircuitRefusesCalls => circuit.CircuitState switch
    {
        CircuitState.Open => Counters.OpenUntil is { } until && clock.GetUtcNow() < until,
        CircuitState.HalfOpen or CircuitState.Isolated => true,
        _ => false,
    };

    /// <summary>
    /// A token of the request budget for one attempt: at once, or after at most <see cref="MaxBudgetWait"/> in a short
    /// queue; otherwise <see cref="RateLimitRejectedException"/>. Null when the provider has no budget configured.
    /// </summary>
    public async ValueTask<RateLimitLease?> AcquireAsync(CancellationToken cancellationToken)
    {
        if (limiter is null)
        {
            return null;
        }

        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(budgetWait);
        try
        {
            lease = await limiter.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Rejected($"no request of the budget ({Settings.RequestsPerMinute}/min) became free within {budgetWait.TotalMilliseconds:0} ms");
        }

        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw Rejected($"the request budget ({Settings.RequestsPerMinute}/min) is spent and its queue is full");
        }

        return lease;
    }

    public void Dispose() => limiter?.Dispose();

    /// <summary>
    /// The delay a 429 or 503 answer asks for in <c>Retry-After</c> (delta-seconds or an HTTP date), or null.
    /// </summary>
    public TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response is null || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            return null;
        }

        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private RateLimitRejectedException Rejected(string reason)
    {
        Counters.RateLimiterRejected();
        LogBudgetRejected(logger, Name, reason);
        return new RateLimitRejectedException($"{Name}: {reason}; the request was not sent.");
    }

    /// <summary>
    /// A token bucket that never lets more than the plan through in any minute, as the provider counts them (when the
    /// requests arrive): a small burst (a sixth of the plan, at least one) plus the rest of the plan refilled one token
    /// at a time, evenly over a minute and <see cref="ArrivalAllowance"/> — a request may reach the provider a little
    /// after its token was taken (connecting, a busy machine), and with refills spread over exactly a minute a late
    /// burst and the refills after it were seen arriving 31 in a minute against a plan of 30.
    /// </summary>
    private TokenBucketRateLimiter? CreateLimiter(int requestsPerMinute)
    {
        if (requestsPerMinute <= 0)
        {
            return null;
        }

        var burst = Math.Max(1, requestsPerMinute / 6);
        var refillPerMinute = Math.Max(1, requestsPerMinute - burst);
        var refillSpan = TimeSpan.FromMinutes(1) + ArrivalAllowance;
        var period = TimeSpan.FromTicks((refillSpan.Ticks + refillPerMinute - 1) / refillPerMinute);
        var waitTicks = Math.Min(MaxBudgetWait.Ticks, Settings.AttemptTimeout.Ticks / 2);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = period,
            AutoReplenishment = true,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,

            // Only as many waiters as can plausibly be served within the wait; the rest are refused at once.
            QueueLimit = (int)Math.Clamp(waitTicks / period.Ticks, 1, 16),
        });
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(CircuitBreakerStateProvider stateProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = $"prices-{Name}", TimeProvider = clock };

        // Outermost: the whole call, retries and their delays included.
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = Settings.TotalTimeout });

        if (Settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = Settings.RetryBaseDelay,
                MaxDelay = Settings.TotalTimeout,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    Counters.Retried();
                    LogRetrying(logger, Name, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        // Each attempt takes a token of the budget before it reaches the breaker (refusals are no outcome for it).
        builder.AddStrategy(_ => new BudgetStrategy(this), new BudgetStrategyOptions());

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = Settings.BreakerFailureRatio,
            MinimumThroughput = Settings.BreakerMinimumThroughput,
            SamplingDuration = Settings.BreakerSampling,
            BreakDuration = Settings.BreakDuration,
            StateProvider = stateProvider,
            ShouldHandle = args => ValueTask.FromResult(IsBreakerFailure(args.Outcome, args.Context)),
            OnOpened = args =>
            {
                Counters.CircuitOpened(clock.GetUtcNow() + args.BreakDuration);
                LogOpened(logger, Name, args.BreakDuration.TotalSeconds, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                LogHalfOpened(logger, Name);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                LogClosed(logger, Name);
                return ValueTask.CompletedTask;
            },
        });

        // Innermost: one attempt (sending, reading the whole body).
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = Settings.AttemptTimeout });
        return builder.Build();
    }

    /// <summary>
    /// Transport errors, attempt timeouts and 408/429/5xx answers are failures. A refusal by our own budget is not
    /// (the provider is fine), and never reaches the breaker.
    /// </summary>
    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException or TimeoutRejectedException => true,
        null => outcome.Result is { } response && IsTransient(response.StatusCode),
        _ => false,
    };

    /// <summary>
    /// What the breaker counts as a failure: <see cref="IsFailure"/>, and an attempt the call's total timeout cut off
    /// (a cancellation the caller did not ask for: the provider had not answered). Counted as a success, such an
    /// attempt closed a half-open circuit whose probe never got an answer.
    /// </summary>
    private static bool IsBreakerFailure(Outcome<HttpResponseMessage> outcome, ResilienceContext context) =>
        IsFailure(outcome) || (outcome.Exception is OperationCanceledException && !CallerToken(context).IsCancellationRequested);

    /// <summary>A failure, unless the provider asks to wait (Retry-After) longer than what is left of the call's budget.</summary>
    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (!IsFailure(outcome))
        {
            return false;
        }

        if (RetryAfter(outcome.Result) is not { } wait)
        {
            return true;
        }

        var left = Settings.TotalTimeout - clock.GetElapsedTime(context.Properties.GetValue(StartedAtKey, clock.GetTimestamp()));
        if (wait < left)
        {
            return true;
        }

        LogRetryAfterTooLong(logger, Name, wait.TotalSeconds, Math.Max(0, left.TotalSeconds));
        return false;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception
            ? $"{exception.GetType().Name}: {exception.Message}"
            : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int?)outcome.Result?.StatusCode}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Price provider {Provider}: retry {Attempt} after {Outcome}, in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, string provider, int attempt, string outcome, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Price provider {Provider} asks to retry after {RetryAfterSeconds:0.#} s, beyond the {LeftSeconds:0.#} s left of the call: not retrying")]
    private static partial void LogRetryAfterTooLong(ILogger logger, string provider, double retryAfterSeconds, double leftSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Price provider {Provider}: circuit opened for {BreakSeconds:0.#} s after {Outcome}")]
    private static partial void LogOpened(ILogger logger, string provider, double breakSeconds, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Price provider {Provider}: circuit half-open, probing")]
    private static partial void LogHalfOpened(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Price provider {Provider}: circuit closed")]
    private static partial void LogClosed(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Price provider {Provider}: request refused by our budget: {Reason}")]
    private static partial void LogBudgetRejected(ILogger logger, string provider, string reason);

    /// <summary>
    /// Between the retry and the breaker: an attempt the breaker would refuse anyway fails with
    /// <see cref="BrokenCircuitException"/> before it takes a token; otherwise it takes a token of the budget (or fails
    /// with <see cref="RateLimitRejectedException"/>, not an outcome the breaker sees) and goes on to the breaker.
    /// </summary>
    private sealed class BudgetStrategy(ProviderResilience owner) : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
        {
            if (owner.CircuitRefusesCalls)
            {
                return Outcome.FromException<HttpResponseMessage>(
                    new BrokenCircuitException($"{owner.Name}: the circuit is open; the request was not sent."));
            }

            RateLimitLease? lease;
            try
            {
                lease = await owner.AcquireAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            catch (Exception exception) when (exception is RateLimitRejectedException or OperationCanceledException)
            {
                return Outcome.FromException<HttpResponseMessage>(exception);
            }

            using (lease)
            {
                return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            }
        }
    }

    /// <summary>The budget strategy has no options of its own (the provider's settings are read by its owner).</summary>
    private sealed class BudgetStrategyOptions : ResilienceStrategyOptions
    {
    }
}

/// <summary><see cref="ProviderResilienceOptions"/> as time spans, clamped to what Polly accepts.</summary>
internal sealed record ResilienceSettings(
    int RequestsPerMinute,
    TimeSpan AttemptTimeout,
    TimeSpan TotalTimeout,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    double BreakerFailureRatio,
    int BreakerMinimumThroughput,
    TimeSpan BreakerSampling,
    TimeSpan BreakDuration)
{
    public static ResilienceSettings From(ProviderResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var attempt = TimeSpan.FromSeconds(Math.Clamp(options.AttemptTimeoutSeconds, 1, 300));
        var total = TimeSpan.FromSeconds(Math.Clamp(options.TotalTimeoutSeconds, 1, 600));
        return new ResilienceSettings(
            Math.Max(0, options.RequestsPerMinute),
            attempt,
            total < attempt ? attempt : total,
            Math.Clamp(options.MaxRetries, 0, 10),
            TimeSpan.FromMilliseconds(Math.Clamp(options.RetryBaseDelayMilliseconds, 1, 60_000)),
            double.IsNaN(options.BreakerFailureRatio) ? 0.5 : Math.Clamp(options.BreakerFailureRatio, 0.01, 1.0),
            Math.Max(2, options.BreakerMinimumThroughput),
            TimeSpan.FromSeconds(Math.Clamp(options.BreakerSamplingSeconds, 1, 3600)),
            TimeSpan.FromSeconds(Math.Clamp(options.BreakDurationSeconds, 1, 3600)));
    }
}

/// <summary>One <see cref="ProviderResilience"/> per provider key for the whole process (a singleton).</summary>
internal sealed class ProviderResilienceRegistry(
    IOptions<PricesOptions> options,
    ProviderHealth health,
    TimeProvider clock,
    ILoggerFactory loggerFactory) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ProviderResilience>> providers = new(StringComparer.Ordinal);

    public ProviderResilience For(string provider, Func<PricesOptions, ProviderResilienceOptions> select)
    {
        ArgumentNullException.ThrowIfNull(select);
        return providers.GetOrAdd(
            provider,
            key => new Lazy<ProviderResilience>(() => new ProviderResilience(
                key,
                select(options.Value),
                health,
                clock,
                loggerFactory.CreateLogger($"{typeof(ProviderResilience).FullName}.{key}")))).Value;
    }

    public void Dispose()
    {
        foreach (var provider in providers.Values.Where(p => p.IsValueCreated))
        {
            provider.Value.Dispose();
        }
    }
}

using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;
using PortfolioTracker.Application.Common.Telemetry;
using PortfolioTracker.Infrastructure.Prices.Http;

namespace PortfolioTracker.Infrastructure.Prices;

/// <summary>
/// Market data as observable instruments of the meter <c>PortfolioTracker</c>, read at each collection from what the
/// cache and the providers' health already count: cache hits, misses and entries; per HTTP provider the requests sent,
/// failures, upstream 429s, refusals by our own request budget, retries, calls refused by an open circuit, and the
/// circuit's state (0 closed, 1 half-open, 2 open).
/// </summary>
internal sealed class PriceMetrics : IObservableMetrics
{
    public PriceMetrics(IMeterFactory meterFactory, MarketDataService market, ProviderHealth health)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(Instrumentation.Name);

        meter.CreateObservableCounter(
            "portfoliotracker.prices.cache.hits", () => market.Lifetime().Hits, "{lookup}", "Price lookups answered from the cache (not reset by DELETE /prices/cache).");
        meter.CreateObservableCounter(
            "portfoliotracker.prices.cache.misses", () => market.Lifetime().Misses, "{lookup}", "Price lookups the cache could not answer fresh (not reset by DELETE /prices/cache).");
        meter.CreateObservableGauge(
            "portfoliotracker.prices.cache.entries", () => market.Lifetime().Entries, "{entry}", "Prices held in this instance's cache.");

        meter.CreateObservableCounter(
            "portfoliotracker.prices.provider.requests", () => PerProvider(health, s => s.Requests), "{request}", "Requests sent to a price provider (retries included).");
        meter.CreateObservableCounter(
            "portfoliotracker.prices.provider.failures", () => PerProvider(health, s => s.Failures), "{request}", "Provider requests that failed: transport errors, timeouts, 408, 429, 5xx and bodies that are not JSON.");
        meter.CreateObservableCounter(
            "portfoliotracker.prices.provider.throttled", () => PerProvider(health, s => s.Throttled), "{request}", "429 Too Many Requests answers from a provider.");
        meter.CreateObservableCounter(
            "portfoliotracker.prices.provider.budget_rejections", () => PerProvider(health, s => s.RateLimiterRejections), "{request}", "Provider requests our own request budget refused (never sent).");
        meter.CreateObservableCounter(
            "portfoliotracker.prices.provider.retries", () => PerProvider(health, s => s.Retries), "{retry}", "Retries scheduled after a failed provider request.");
        meter.CreateObservableCounter(
            "portfoliotracker.prices.provider.circuit_rejections", () => PerProvider(health, s => s.CircuitRejections), "{call}", "Provider calls refused at once because the circuit was open.");
        meter.CreateObservableGauge(
            "portfoliotracker.prices.provider.circuit_state", () => PerProvider(health, s => CircuitValue(s.Circuit)), "{state}", "A provider's circuit: 0 closed, 1 half-open, 2 open.");
    }

    /// <summary>0 closed, 1 half-open, 2 open (isolated by hand counts as open).</summary>
    internal static long CircuitValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        _ => 2,
    };

    private static IEnumerable<Measurement<long>> PerProvider(ProviderHealth health, Func<ProviderStatus, long> value) =>
        [.. health.Snapshot().Values.Select(s => new Measurement<long>(value(s), new KeyValuePair<string, object?>("provider", s.Provider)))];
}

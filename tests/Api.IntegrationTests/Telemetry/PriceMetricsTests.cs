using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PortfolioTracker.Api.IntegrationTests.Prices.Cache;
using PortfolioTracker.Api.Telemetry;
using PortfolioTracker.Infrastructure.Prices;
using PortfolioTracker.Infrastructure.Prices.Http;

namespace PortfolioTracker.Api.IntegrationTests.Telemetry;

/// <summary>The market-data series, read from the cache and the providers' health at each scrape.</summary>
public sealed class PriceMetricsTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PrometheusMetricReader reader = PrometheusMetricReader.Create();
    private readonly MeterProvider provider;
    private readonly IMeterFactory meterFactory;

    public PriceMetricsTests()
    {
        meterFactory = services.GetRequiredService<IMeterFactory>();
        provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter("PortfolioTracker")
            .AddView(instrument => TelemetryPipeline.View(instrument, meterFactory))
            .AddReader(reader)
            .Build();
    }

    [Fact]
    public void Scrape_ShowsEachProvidersCountersAndCircuit()
    {
        var health = new ProviderHealth();
        var coinGecko = health.For("coingecko");
        coinGecko.RequestSent();
        coinGecko.RequestSent();
        coinGecko.RequestSent();
        coinGecko.Failed("HTTP 429", DateTimeOffset.UnixEpoch, throttledAnswer: true);
        coinGecko.Failed("timed out", DateTimeOffset.UnixEpoch);
        coinGecko.RateLimiterRejected();
        coinGecko.Retried();
        health.For("binance").RequestSent();
        _ = new PriceMetrics(meterFactory, MarketHarness.Create().Market, health);

        var samples = PrometheusExposition.Samples(Scrape());

        samples["portfoliotracker_prices_provider_requests_total{provider=\"coingecko\"}"].ShouldBe(3);
        samples["portfoliotracker_prices_provider_failures_total{provider=\"coingecko\"}"].ShouldBe(2);
        samples["portfoliotracker_prices_provider_throttled_total{provider=\"coingecko\"}"].ShouldBe(1);
        samples["portfoliotracker_prices_provider_budget_rejections_total{provider=\"coingecko\"}"].ShouldBe(1);
        samples["portfoliotracker_prices_provider_retries_total{provider=\"coingecko\"}"].ShouldBe(1);
        samples["portfoliotracker_prices_provider_circuit_rejections_total{provider=\"coingecko\"}"].ShouldBe(0);
        samples["portfoliotracker_prices_provider_circuit_state{provider=\"coingecko\"}"].ShouldBe(0);
        samples["portfoliotracker_prices_provider_requests_total{provider=\"binance\"}"].ShouldBe(1);
    }

    [Theory]
    [InlineData(Polly.CircuitBreaker.CircuitState.Closed, 0)]
    [InlineData(Polly.CircuitBreaker.CircuitState.HalfOpen, 1)]
    [InlineData(Polly.CircuitBreaker.CircuitState.Open, 2)]
    [InlineData(Polly.CircuitBreaker.CircuitState.Isolated, 2)]
    public void CircuitValue_IsZeroClosedOneHalfOpenTwoOpen(Polly.CircuitBreaker.CircuitState state, long expected) =>
        PriceMetrics.CircuitValue(state).ShouldBe(expected);

    [Fact]
    public async Task Scrape_CountsCacheHitsAndMisses_AndClearingTheCacheDoesNotResetThem()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m);
        _ = new PriceMetrics(meterFactory, harness.Market, new ProviderHealth());

        await harness.Market.GetPricesAsync(["bitcoin"], "usd", null, CancellationToken.None);
        await harness.Market.GetPricesAsync(["bitcoin"], "usd", null, CancellationToken.None);
        var before = PrometheusExposition.Samples(Scrape());
        harness.Market.Clear();
        await harness.Market.GetPricesAsync(["bitcoin"], "usd", null, CancellationToken.None);
        var after = PrometheusExposition.Samples(Scrape());

        before["portfoliotracker_prices_cache_hits_total"].ShouldBe(1);
        before["portfoliotracker_prices_cache_misses_total"].ShouldBe(1);
        before["portfoliotracker_prices_cache_entries"].ShouldBe(1);
        after["portfoliotracker_prices_cache_hits_total"].ShouldBe(1);
        after["portfoliotracker_prices_cache_misses_total"].ShouldBe(2, "a counter never goes back");
        harness.Market.Stats().Misses.ShouldBe(1, "the stats endpoint starts again from zero after a clear");
    }

    public void Dispose()
    {
        provider.Dispose();
        services.Dispose();
    }

    private string Scrape() => reader.Scrape() ?? throw new InvalidOperationException("The collection failed.");
}

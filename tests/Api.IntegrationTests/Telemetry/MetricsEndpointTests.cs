using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;
using PortfolioTracker.Api.IntegrationTests.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Telemetry;

/// <summary><c>GET /metrics</c> on the running API: the format, the series the contract names, and that they move.</summary>
[Collection(ApiCollection.Name)]
public sealed class MetricsEndpointTests(ApiFactory factory)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Metrics_IsAnonymousPrometheusTextThatFollowsTheExpositionRules()
    {
        var response = await client.GetAsync("/metrics", token: null);

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, text);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        PrometheusExposition.Validate(text);
    }

    [Fact]
    public async Task Metrics_AfterTraffic_HaveTheContractsSeriesAndTheyMoved()
    {
        var before = await ScrapeAsync();

        var user = await client.RegisterAndLoginAsync("metrics");
        var account = await client.OpenAccountAsync(user);
        await (await client.CreditRequestAsync(user, account, "100.00")).ShouldBeAsync(201);
        await (await client.DebitRequestAsync(user, account, "500.00")).ShouldBeProblemAsync(422, "insufficient_funds");
        await (await client.GetAsync("/api/v1/prices/bitcoin", user.AccessToken)).ShouldBeAsync(200);
        await using (var stream = await SseReader.OpenAsync(client, "/api/v1/prices/stream?coins=bitcoin&interval=1&maxUpdates=1", user.AccessToken))
        {
            (await stream.ReadToEndAsync(Timeout)).ShouldNotBeEmpty();
        }

        var after = await ScrapeAsync();

        Moved(before, after, "portfoliotracker_ledger_transactions_total", ("type", "credit"), ("status", "posted"));
        Moved(before, after, "portfoliotracker_ledger_volume_total", ("asset", "USD"));
        Moved(before, after, "portfoliotracker_ledger_refusals_total", ("code", "insufficient_funds"));
        Moved(before, after, "http_server_request_duration_seconds_count", ("http_route", "api/v1/transactions/credit"), ("http_request_method", "POST"), ("http_response_status_code", "201"));
        Moved(before, after, "http_server_request_duration_seconds_count", ("http_route", "api/v1/auth/register"));
        Moved(before, after, "http_server_request_duration_seconds_count", ("http_route", "api/v1/prices/stream"));
        (Sum(after, "portfoliotracker_prices_cache_hits_total") + Sum(after, "portfoliotracker_prices_cache_misses_total"))
            .ShouldBeGreaterThan(Sum(before, "portfoliotracker_prices_cache_hits_total") + Sum(before, "portfoliotracker_prices_cache_misses_total"));
        Sum(after, "portfoliotracker_prices_cache_entries").ShouldBeGreaterThan(0);
        Moved(before, after, "db_client_operation_duration_seconds_count");
        Series(after, "portfoliotracker_stream_subscribers", ("transport", "sse")).ShouldNotBeEmpty();

        var types = PrometheusExposition.Types(after);
        foreach (var (family, type) in new[]
        {
            ("http_server_request_duration_seconds", "histogram"),
            ("http_server_active_requests", "gauge"),
            ("dotnet_gc_collections_total", "counter"),
            ("dotnet_process_memory_working_set_bytes", "gauge"),
            ("dotnet_thread_pool_thread_count", "gauge"),
            ("dotnet_thread_pool_queue_length", "gauge"),
            ("db_client_operation_duration_seconds", "histogram"),
            ("db_client_connection_count", "gauge"),
            ("portfoliotracker_ledger_transactions_total", "counter"),
            ("portfoliotracker_ledger_refusals_total", "counter"),
            ("portfoliotracker_ledger_volume_total", "counter"),
            ("portfoliotracker_prices_cache_hits_total", "counter"),
            ("portfoliotracker_prices_cache_misses_total", "counter"),
            ("portfoliotracker_prices_cache_entries", "gauge"),
            ("portfoliotracker_stream_subscribers", "gauge"),
        })
        {
            types.GetValueOrDefault(family).ShouldBe(type, family);
        }

        PrometheusExposition.Validate(after);
    }

    [Fact]
    public async Task Metrics_HttpDurationUsesTheBucketsAspNetCoreAdvises()
    {
        await client.GetAsync("/health/live", token: null);

        var buckets = PrometheusExposition.Family(await ScrapeAsync(), "http_server_request_duration_seconds")
            .Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal) && s.Labels.GetValueOrDefault("http_route") == "/health/live")
            .Select(s => s.Labels["le"])
            .Distinct()
            .ToList();

        buckets.ShouldBe(["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"]);
    }

    [Fact]
    public async Task Metrics_StreamSubscribersCountOpenStreamsByTransport()
    {
        var user = await client.RegisterAndLoginAsync("subscriber");
        var before = Sum(await ScrapeAsync(), "portfoliotracker_stream_subscribers", ("transport", "sse"));

        await using (var stream = await SseReader.OpenAsync(client, "/api/v1/prices/stream?coins=bitcoin&interval=60", user.AccessToken))
        {
            (await stream.NextAsync(Timeout)).ShouldNotBeNull();
            Sum(await ScrapeAsync(), "portfoliotracker_stream_subscribers", ("transport", "sse")).ShouldBeGreaterThanOrEqualTo(before + 1);
        }

        var deadline = DateTime.UtcNow + Timeout;
        while (Sum(await ScrapeAsync(), "portfoliotracker_stream_subscribers", ("transport", "sse")) > before)
        {
            (DateTime.UtcNow < deadline).ShouldBeTrue("the closed stream is no longer counted");
            await Task.Delay(50);
        }
    }

    private async Task<string> ScrapeAsync()
    {
        var response = await client.GetAsync("/metrics", token: null);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, text);
        return text;
    }

    /// <summary>The samples of a metric whose labels include the given ones.</summary>
    private static List<PrometheusSample> Series(string text, string name, params (string Label, string Value)[] labels) =>
        [.. PrometheusExposition.All(text).Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value))];

    private static double Sum(string text, string name, params (string Label, string Value)[] labels) =>
        Series(text, name, labels).Sum(s => s.Value);

    private static void Moved(string before, string after, string name, params (string Label, string Value)[] labels)
    {
        Series(after, name, labels).ShouldNotBeEmpty($"{name} with {string.Join(", ", labels)} is exported");
        Sum(after, name, labels).ShouldBeGreaterThan(Sum(before, name, labels), $"{name} with {string.Join(", ", labels)} moved");
    }
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PortfolioTracker.Api.Telemetry;

namespace PortfolioTracker.Api.IntegrationTests.Telemetry;

/// <summary>
/// The <c>/metrics</c> text, rendered from real OpenTelemetry collections of meters of the test's own: names, types,
/// help, histogram buckets, escaping. No host, no database.
/// </summary>
public sealed class PrometheusExporterTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Meter meter;
    private readonly PrometheusMetricReader reader = PrometheusMetricReader.Create();
    private readonly MeterProvider provider;

    public PrometheusExporterTests()
    {
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        meter = meterFactory.Create($"PortfolioTracker.Tests.{Guid.NewGuid():N}");
        provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddView(instrument => TelemetryPipeline.View(instrument, meterFactory))
            .AddReader(reader)
            .Build();
    }

    [Fact]
    public void Scrape_RendersACounterWithTotalSuffixOneHelpAndOneType()
    {
        var counter = meter.CreateCounter<long>("shop.orders", "{order}", "Orders placed.");
        counter.Add(2, new KeyValuePair<string, object?>("shop.region", "eu"));
        counter.Add(3, new KeyValuePair<string, object?>("shop.region", "eu"));
        counter.Add(7, new KeyValuePair<string, object?>("shop.region", "us"));

        var text = Scrape();

        text.ShouldBe(
            "# HELP shop_orders_total Orders placed.\n" +
            "# TYPE shop_orders_total counter\n" +
            "shop_orders_total{shop_region=\"eu\"} 5\n" +
            "shop_orders_total{shop_region=\"us\"} 7\n");
        PrometheusExposition.Validate(text);
    }

    [Fact]
    public void Scrape_AppendsTheUnitBeforeTotalAndNeverDoublesSuffixes()
    {
        meter.CreateCounter<double>("jobs.busy_time", "s", "Busy time.").Add(1.5);
        meter.CreateCounter<long>("requests_total", "{request}", "Already suffixed.").Add(1);
        meter.CreateCounter<long>("payload.size_bytes", "By", "Already has its unit.").Add(10);

        var samples = PrometheusExposition.Samples(Scrape());

        samples["jobs_busy_time_seconds_total"].ShouldBe(1.5);
        samples["requests_total"].ShouldBe(1);
        samples["payload_size_bytes_total"].ShouldBe(10);
    }

    [Fact]
    public void Scrape_RendersGaugesAndUpDownCountersAsGaugesWithoutTotal()
    {
        meter.CreateObservableGauge("cache.memory", () => 2048L, "By", "Memory held.");
        var depth = meter.CreateUpDownCounter<long>("queue.depth", "{item}", "Items waiting.");
        depth.Add(5);
        depth.Add(-8);

        var text = Scrape();

        text.ShouldContain("# TYPE cache_memory_bytes gauge\ncache_memory_bytes 2048\n", Case.Sensitive);
        text.ShouldContain("# TYPE queue_depth gauge\nqueue_depth -3\n", Case.Sensitive);
        text.ShouldNotContain("_total");
        PrometheusExposition.Validate(text);
    }

    [Fact]
    public void Scrape_RendersHistogramsWithCumulativeBucketsFromTheInstrumentsAdvice()
    {
        var histogram = meter.CreateHistogram<double>(
            "task.duration", "s", "Task durations.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5] });
        foreach (var value in new[] { 0.5, 1.5, 1.5, 7 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("task", "import"));
        }

        var text = Scrape();

        text.ShouldBe(
            "# HELP task_duration_seconds Task durations.\n" +
            "# TYPE task_duration_seconds histogram\n" +
            "task_duration_seconds_bucket{task=\"import\",le=\"1\"} 1\n" +
            "task_duration_seconds_bucket{task=\"import\",le=\"2\"} 3\n" +
            "task_duration_seconds_bucket{task=\"import\",le=\"5\"} 3\n" +
            "task_duration_seconds_bucket{task=\"import\",le=\"+Inf\"} 4\n" +
            "task_duration_seconds_sum{task=\"import\"} 10.5\n" +
            "task_duration_seconds_count{task=\"import\"} 4\n");
        PrometheusExposition.Validate(text);
    }

    [Fact]
    public void Scrape_GivesSecondsHistogramsWithoutAdviceTheHttpDurationBuckets()
    {
        meter.CreateHistogram<double>("job.duration", "s", "Job durations.").Record(0.02);

        var buckets = PrometheusExposition.Samples(Scrape()).Keys.Where(k => k.StartsWith("job_duration_seconds_bucket", StringComparison.Ordinal)).ToList();

        buckets.Select(b => b[(b.IndexOf("le=\"", StringComparison.Ordinal) + 4)..^2]).ShouldBe(
            ["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"]);
    }

    [Fact]
    public void Scrape_EscapesLabelValuesAndHelpTexts()
    {
        meter.CreateCounter<long>("odd.values", null, "Help with a \\ backslash\nand a second line.")
            .Add(1, new KeyValuePair<string, object?>("path", "C:\\temp\\\"quoted\"\nnext"));

        var text = Scrape();

        text.ShouldContain("# HELP odd_values_total Help with a \\\\ backslash\\nand a second line.\n", Case.Sensitive);
        text.ShouldContain("odd_values_total{path=\"C:\\\\temp\\\\\\\"quoted\\\"\\nnext\"} 1\n", Case.Sensitive);
        PrometheusExposition.Validate(text);
    }

    [Fact]
    public void Scrape_SanitizesAttributeNamesIntoLabelNames()
    {
        meter.CreateCounter<long>("tagged").Add(
            1,
            new KeyValuePair<string, object?>("peer.host-name", "db"),
            new KeyValuePair<string, object?>("1st.try", true),
            new KeyValuePair<string, object?>("attempt", 2));

        var text = Scrape();

        text.ShouldContain("tagged_total{_1st_try=\"true\",attempt=\"2\",peer_host_name=\"db\"} 1\n", Case.Sensitive);
        text.ShouldContain("# HELP tagged_total tagged\n", Case.Sensitive, "without a description the help is the instrument's name");
        PrometheusExposition.Validate(text);
    }

    [Fact]
    public void Scrape_LeavesOutInstrumentsOfAnotherHostsMeterFactory()
    {
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var foreign = otherHost.GetRequiredService<IMeterFactory>().Create(meter.Name);
        foreign.CreateCounter<long>("foreign.calls").Add(1);
        meter.CreateCounter<long>("own.calls").Add(1);

        var text = Scrape();

        text.ShouldContain("own_calls_total 1", Case.Sensitive);
        text.ShouldNotContain("foreign_calls");
    }

    [Fact]
    public void Scrape_KeepsTheCardinalityLimitsSeriesAndAddsTheRestUpInTheOverflowSeries()
    {
        var counter = meter.CreateCounter<long>("jobs.done");
        const int Combinations = TelemetryPipeline.DefaultCardinalityLimit + 50;
        for (var i = 0; i < Combinations; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("job", $"job-{i}"));
        }

        var series = PrometheusExposition.Samples(Scrape()).Where(s => s.Key.StartsWith("jobs_done_total", StringComparison.Ordinal)).ToList();

        var overflow = series.Single(s => s.Key.Contains("otel_metric_overflow=\"true\"", StringComparison.Ordinal));
        series.Count.ShouldBeLessThanOrEqualTo(TelemetryPipeline.DefaultCardinalityLimit + 1);
        series.Count.ShouldBeGreaterThan(TelemetryPipeline.DefaultCardinalityLimit - 2);
        series.Sum(s => s.Value).ShouldBe(Combinations, "nothing is lost: what does not fit is counted in the overflow series");
        overflow.Value.ShouldBe(Combinations - (series.Count - 1));
    }

    [Theory]
    [InlineData("http.server.request.duration", 2000)]
    [InlineData("portfoliotracker.ledger.volume", 1000)]
    [InlineData("portfoliotracker.ledger.refusals", TelemetryPipeline.DefaultCardinalityLimit)]
    [InlineData("kestrel.connection.duration", TelemetryPipeline.DefaultCardinalityLimit)]
    public void CardinalityLimit_GivesEachMetricWhatItsTagsCanReach(string instrument, int expected) =>
        TelemetryPipeline.CardinalityLimit(instrument).ShouldBe(expected);

    [Fact]
    public void Scrape_ShowsCumulativeValuesAcrossScrapes()
    {
        var counter = meter.CreateCounter<long>("ticks");
        counter.Add(2);
        PrometheusExposition.Samples(Scrape())["ticks_total"].ShouldBe(2);

        counter.Add(3);

        PrometheusExposition.Samples(Scrape())["ticks_total"].ShouldBe(5);
    }

    [Theory]
    [InlineData("http.server.request.duration", "s", false, "http_server_request_duration_seconds")]
    [InlineData("http.server.active_requests", "{request}", false, "http_server_active_requests")]
    [InlineData("dotnet.gc.collections", "{collection}", true, "dotnet_gc_collections_total")]
    [InlineData("dotnet.process.memory.working_set", "By", false, "dotnet_process_memory_working_set_bytes")]
    [InlineData("db.client.operation.npgsql.prepared_ratio", "1", false, "db_client_operation_npgsql_prepared_ratio")]
    [InlineData("net.traffic", "By/s", false, "net_traffic_bytes_per_second")]
    [InlineData("net.packets", "{packet}/s", false, "net_packets_per_second")]
    [InlineData("latency", "ms", false, "latency_milliseconds")]
    [InlineData("my-metric/rate", null, false, "my_metric_rate")]
    [InlineData("9lives", null, true, "_9lives_total")]
    [InlineData("app:ratio.value", "%", false, "app:ratio_value_percent")]
    public void MetricName_FollowsThePrometheusNamingRules(string instrument, string? unit, bool counter, string expected) =>
        PrometheusNaming.MetricName(instrument, unit, counter).ShouldBe(expected);

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(10d, "10")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatDouble_WritesValuesPrometheusParses(double value, string expected) =>
        PrometheusText.FormatDouble(value).ShouldBe(expected);

    public void Dispose()
    {
        provider.Dispose();
        services.Dispose();
    }

    private string Scrape() => reader.Scrape() ?? throw new InvalidOperationException("The collection failed.");
}

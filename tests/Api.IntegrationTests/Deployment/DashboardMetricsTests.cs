using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace PortfolioTracker.Api.IntegrationTests.Deployment;

/// <summary>
/// The dashboard against the real API: every metric it queries is on <c>/metrics</c>, and a real Prometheus, scraping
/// the API with the repository's scrape configuration, evaluates every dashboard query.
/// </summary>
public sealed partial class DashboardMetricsTests(MonitoredApi monitored, ITestOutputHelper output) : IClassFixture<MonitoredApi>
{
    /// <summary>Queries the fixture's traffic guarantees data for (panel, refId); the others need only evaluate.</summary>
    private static readonly HashSet<(string Panel, string RefId)> MustHaveData =
    [
        ("Request rate", "A"),
        ("Latency percentiles", "A"),
        ("Latency percentiles", "B"),
        ("Latency percentiles", "C"),
        ("Error rate (5xx share)", "A"),
        ("Responses by status", "A"),
        ("Ledger transactions", "A"),
        ("Ledger transactions", "B"),
        ("Price cache hit ratio", "A"),
        ("Price cache hit ratio", "B"),
        ("Stream subscribers", "A"),
        ("Connections and requests in flight", "A"),
        ("Connections and requests in flight", "B"),
        ("Runtime", "A"),
        ("Runtime", "B"),
        ("Runtime", "C"),
    ];

    [Fact]
    public async Task EveryMetricTheDashboardQueries_IsOnTheMetricsEndpoint()
    {
        var exported = await ScrapeAsync();

        var queried = DashboardTests.Queries().SelectMany(q => MetricContract.MetricsIn(q.Expr)).Where(m => m != "up").ToHashSet(StringComparer.Ordinal);
        var missing = queried.Except(MetricContract.EventOnly).Where(m => !exported.Contains(m)).Order().ToList();
        missing.ShouldBeEmpty($"metrics the dashboard queries but /metrics does not show after the test's traffic; it shows: {string.Join(", ", exported.Order())}");
    }

    [Fact]
    public async Task Prometheus_ScrapesTheApiWithTheRepositoryConfig_AndEvaluatesEveryDashboardQuery()
    {
        var binary = PrometheusServer.Find();
        if (binary is null)
        {
            if (Environment.GetEnvironmentVariable(PrometheusServer.SkipVariable) == "1")
            {
                output.WriteLine($"Skipped: Prometheus is not installed and {PrometheusServer.SkipVariable}=1.");
                return;
            }

            throw new ShouldAssertException(PrometheusServer.Missing);
        }

        await ScrapeAsync();
        await using var prometheus = await PrometheusServer.StartAsync(binary, ScrapeConfiguration());
        await WaitUntilTheApiIsUpAsync(prometheus);

        // Data for the rates: traffic between scrapes, then at least two more scrapes (1 s apart).
        var results = new Dictionary<(string Panel, string RefId, string Expr), JsonNode>();
        var watch = Stopwatch.StartNew();
        do
        {
            await monitored.GenerateTrafficAsync();
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            foreach (var query in DashboardTests.Queries())
            {
                results[query] = await prometheus.QueryAsync(query.Expr.Replace("$__rate_interval", "30s", StringComparison.Ordinal));
            }
        }
        while (results.Any(r => MustHaveData.Contains((r.Key.Panel, r.Key.RefId)) && Empty(r.Value)) && watch.Elapsed < TimeSpan.FromSeconds(30));

        foreach (var ((panel, refId, expr), answer) in results)
        {
            output.WriteLine($"{panel} {refId}: {answer["data"]?["result"]?.ToJsonString()} <- {expr}");
        }

        var failed = results.Where(r => r.Value["status"]?.GetValue<string>() != "success").Select(r => $"{r.Key.Panel} {r.Key.RefId}: {r.Value.ToJsonString()}").ToList();
        failed.ShouldBeEmpty("every dashboard query evaluates");
        var empty = results.Where(r => MustHaveData.Contains((r.Key.Panel, r.Key.RefId)) && Empty(r.Value)).Select(r => $"{r.Key.Panel} {r.Key.RefId}: {r.Key.Expr}").ToList();
        empty.ShouldBeEmpty("these queries have data after the test's traffic");
        MustHaveData.Select(m => m.Panel).ShouldBeSubsetOf(results.Keys.Select(k => k.Panel), "every panel the test expects data from is on the dashboard");
    }

    /// <summary>GET /metrics; the series names it shows. Fails clearly when the endpoint is missing.</summary>
    private async Task<HashSet<string>> ScrapeAsync()
    {
        using var response = await monitored.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.StatusCode.ShouldNotBe(HttpStatusCode.NotFound, "GET /metrics answered 404: the Prometheus exporter (issue 6, metrics) is not in this build");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/plain", "the Prometheus text exposition format");
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => SeriesName().Match(line).Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>deploy/prometheus/prometheus.yml with the compose addresses replaced by the test's, scraping every second.</summary>
    private string ScrapeConfiguration()
    {
        var config = RepositoryFiles.Yaml("deploy/prometheus/prometheus.yml");
        var global = config.Map("global");
        global["scrape_interval"] = "1s";
        global["scrape_timeout"] = "1s";
        global["evaluation_interval"] = "1s";
        var api = monitored.Api.BaseAddress;
        var replaced = 0;
        foreach (var job in config.List("scrape_configs").Cast<Dictionary<string, object?>>())
        {
            foreach (var targets in job.List("static_configs").Cast<Dictionary<string, object?>>().Select(c => c.List("targets")))
            {
                for (var i = 0; i < targets.Count; i++)
                {
                    if (targets[i] as string == "api:8080")
                    {
                        targets[i] = $"{api.Host}:{api.Port}";
                        replaced++;
                    }
                    else if (targets[i] as string == "localhost:9090")
                    {
                        targets[i] = "{self}";
                    }
                }
            }
        }

        replaced.ShouldBe(1, "the repository config scrapes api:8080 once");
        return RepositoryFiles.ToYaml(config);
    }

    private static async Task WaitUntilTheApiIsUpAsync(PrometheusServer prometheus)
    {
        var watch = Stopwatch.StartNew();
        JsonNode? target = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            var targets = await prometheus.GetAsync("/api/v1/targets");
            target = targets["data"]!["activeTargets"]!.AsArray().FirstOrDefault(t => t!["labels"]!["job"]!.GetValue<string>() == "portfoliotracker-api");
            if (target?["health"]?.GetValue<string>() == "up")
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new ShouldAssertException($"Prometheus did not scrape the API successfully within 30 s: {target?.ToJsonString() ?? "no such target"}; {prometheus.Output}");
    }

    private static bool Empty(JsonNode answer) => answer["data"]?["result"] is not JsonArray { Count: > 0 };

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SeriesName();
}

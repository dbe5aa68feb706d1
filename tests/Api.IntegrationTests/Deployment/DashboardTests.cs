using System.Text.Json.Nodes;

namespace PortfolioTracker.Api.IntegrationTests.Deployment;

/// <summary>The Grafana dashboard's shape: the panels operators rely on, each querying metrics the API exports.</summary>
public sealed class DashboardTests
{
    public static readonly string[] RequiredPanels =
    [
        "Request rate",
        "Latency percentiles",
        "Error rate (5xx share)",
        "Ledger transactions",
        "Price cache hit ratio",
        "Provider circuit state",
        "Stream subscribers",
    ];

    private readonly List<JsonNode> panels = Panels().ToList();

    /// <summary>Every panel of deploy/grafana/dashboards/portfoliotracker.json.</summary>
    public static IEnumerable<JsonNode> Panels() =>
        RepositoryFiles.Json("deploy/grafana/dashboards/portfoliotracker.json")["panels"]!.AsArray().Select(p => p!);

    /// <summary>Every query of the dashboard: its panel's title, its refId and the PromQL expression.</summary>
    public static IEnumerable<(string Panel, string RefId, string Expr)> Queries() =>
        Panels().SelectMany(p => p["targets"]!.AsArray().Select(t => (p["title"]!.GetValue<string>(), t!["refId"]!.GetValue<string>(), t["expr"]!.GetValue<string>())));

    [Fact]
    public void HasThePanelsOperatorsNeed()
    {
        var titles = panels.Select(p => p["title"]!.GetValue<string>()).ToList();
        titles.ShouldBeUnique();
        foreach (var title in RequiredPanels)
        {
            titles.ShouldContain(title);
        }

        panels.Select(p => p["id"]!.GetValue<int>()).ShouldBeUnique();
        panels.ShouldAllBe(p => p["targets"]!.AsArray().Count > 0);
    }

    [Fact]
    public void Latency_IsP50P95AndP99_FromTheRequestDurationHistogram()
    {
        var exprs = Queries().Where(q => q.Panel == "Latency percentiles").Select(q => q.Expr).ToList();
        exprs.Count.ShouldBe(3);
        foreach (var quantile in new[] { "0.5", "0.95", "0.99" })
        {
            exprs.ShouldContain(e => e.StartsWith($"histogram_quantile({quantile},", StringComparison.Ordinal) && e.Contains("http_server_request_duration_seconds_bucket", StringComparison.Ordinal) && e.Contains("by (le)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ErrorRate_IsTheShareOf5xxResponses()
    {
        var expr = Queries().Single(q => q.Panel == "Error rate (5xx share)").Expr;
        expr.ShouldContain("http_response_status_code=~\"5..\"");
        expr.ShouldContain(" / sum(rate(http_server_request_duration_seconds_count");
    }

    [Fact]
    public void EveryQuery_ReadsOnlyMetricsTheApiExports()
    {
        var unknown = Queries()
            .SelectMany(q => MetricContract.MetricsIn(q.Expr).Select(m => (q.Panel, Metric: m)))
            .Where(x => x.Metric != "up" && !MetricContract.SeriesNames.Contains(x.Metric))
            .Select(x => $"{x.Panel}: {x.Metric}")
            .ToList();
        unknown.ShouldBeEmpty();
        Queries().SelectMany(q => MetricContract.MetricsIn(q.Expr)).ShouldNotBeEmpty();
    }

    [Fact]
    public void EveryPanel_UsesTheProvisionedPrometheusDataSource()
    {
        var provisioned = RepositoryFiles.Yaml("deploy/grafana/provisioning/datasources/datasources.yml").List("datasources")
            .Cast<Dictionary<string, object?>>().Single(s => s.Scalar("type") == "prometheus").Scalar("uid");
        foreach (var panel in panels)
        {
            panel["datasource"]!["uid"]!.GetValue<string>().ShouldBe(provisioned);
            panel["targets"]!.AsArray().ShouldAllBe(t => t!["datasource"]!["uid"]!.GetValue<string>() == provisioned);
        }
    }

    [Fact]
    public void MetricsIn_FindsMetricNames_NotLabelsFunctionsOrDurations()
    {
        MetricContract.MetricsIn("histogram_quantile(0.99, sum by (le, http_route) (rate(x_bucket{http_route!~\".*stream.*\"}[$__rate_interval])))")
            .ShouldBe(["x_bucket"]);
        MetricContract.MetricsIn("(sum(rate(a_total{code=~\"5..\"}[5m])) or vector(0)) / ignoring(code) sum(b_total) offset 1h")
            .Order().ShouldBe(["a_total", "b_total"]);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace PortfolioTracker.Api.IntegrationTests.Deployment;

/// <summary>
/// docker-compose.yml and the configuration it mounts, checked without a Docker engine: the YAML is parsed with
/// YamlDotNet and the services are wired as the documentation says.
/// </summary>
public sealed partial class ComposeFileTests
{
    private readonly Dictionary<string, object?> compose = RepositoryFiles.Yaml("docker-compose.yml");

    private Dictionary<string, object?> Services => compose.Map("services");

    [Fact]
    public void Services_AreTheApiItsDatabaseAndTheMonitoringStack()
    {
        Services.Keys.Order().ShouldBe(["api", "grafana", "jaeger", "postgres", "prometheus"]);
    }

    [Theory]
    [InlineData("api", "8080:8080")]
    [InlineData("postgres", "127.0.0.1:55432:5432")]
    [InlineData("prometheus", "127.0.0.1:9090:9090")]
    [InlineData("grafana", "127.0.0.1:3000:3000")]
    [InlineData("jaeger", "127.0.0.1:16686:16686")]
    [InlineData("jaeger", "127.0.0.1:4317:4317")]
    public void Service_PublishesItsDocumentedPort(string service, string mapping)
    {
        Services.Map(service).List("ports").Cast<string>().ShouldContain(mapping);
    }

    [Fact]
    public void OnlyTheApi_IsPublishedOnEveryInterface()
    {
        foreach (var (name, service) in Services.Where(s => s.Key != "api").Select(s => (s.Key, (Dictionary<string, object?>)s.Value!)))
        {
            service.List("ports").Cast<string>().ShouldAllBe(p => p.StartsWith("127.0.0.1:", StringComparison.Ordinal), $"{name} listens on loopback only");
        }
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("api")]
    [InlineData("prometheus")]
    [InlineData("grafana")]
    [InlineData("jaeger")]
    public void Service_HasAHealthCheck(string service)
    {
        var health = Services.Map(service).Map("healthcheck");
        var test = health.List("test").Cast<string>().ToList();
        test[0].ShouldBeOneOf("CMD", "CMD-SHELL");
        test.Count.ShouldBeGreaterThan(1);
        health.Scalar("interval").ShouldNotBeNullOrWhiteSpace();
        health.Scalar("retries").ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void TheApiHealthCheck_RunsTheApisOwnProbe()
    {
        // The runtime image has no shell, curl or wget.
        Services.Map("api").Map("healthcheck").List("test").Cast<string>()
            .ShouldBe(["CMD", "dotnet", "PortfolioTracker.Api.dll", Health.HealthProbe.Command]);
    }

    [Theory]
    [InlineData("api", "postgres", "service_healthy")]
    [InlineData("api", "jaeger", "service_started")]
    [InlineData("grafana", "prometheus", "service_healthy")]
    public void Service_WaitsForWhatItNeeds(string service, string dependency, string condition)
    {
        Services.Map(service).Map("depends_on").Map(dependency).Scalar("condition").ShouldBe(condition);
    }

    [Fact]
    public void Prometheus_DoesNotWaitForTheApi_SoAnApiThatIsDownIsRecordedAsDown()
    {
        Services.Map("prometheus").ContainsKey("depends_on").ShouldBeFalse();
    }

    [Fact]
    public void NamedVolumes_AreDeclared_AndKeepTheData()
    {
        var declared = compose.Map("volumes").Keys.ToHashSet(StringComparer.Ordinal);
        MountOf("postgres", "/var/lib/postgresql/data").ShouldBe("postgres-data");
        MountOf("prometheus", "/prometheus").ShouldBe("prometheus-data");
        MountOf("grafana", "/var/lib/grafana").ShouldBe("grafana-data");
        foreach (var (name, service) in Services.Select(s => (s.Key, (Dictionary<string, object?>)s.Value!)))
        {
            foreach (var source in Mounts(service).Select(m => m.Source).Where(s => !s.StartsWith('.') && !s.StartsWith('/')))
            {
                declared.ShouldContain(source, $"{name} mounts the undeclared volume {source}");
            }
        }
    }

    [Fact]
    public void BindMounts_NameFilesAndFoldersOfTheRepository()
    {
        foreach (var (name, service) in Services.Select(s => (s.Key, (Dictionary<string, object?>)s.Value!)))
        {
            foreach (var (source, _) in Mounts(service).Where(m => m.Source.StartsWith('.')))
            {
                var path = RepositoryFiles.PathOf(source[2..]);
                (File.Exists(path) || Directory.Exists(path)).ShouldBeTrue($"{name} mounts {source}, which is not in the repository");
            }
        }
    }

    [Fact]
    public void Prometheus_ReadsTheRepositoryConfig_WhichScrapesTheApisMetricsEndpoint()
    {
        var prometheus = Services.Map("prometheus");
        var configFile = prometheus.List("command").Cast<string>().Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        Mounts(prometheus).ShouldContain(("./deploy/prometheus/prometheus.yml", configFile));

        var config = RepositoryFiles.Yaml("deploy/prometheus/prometheus.yml");
        var api = config.List("scrape_configs").Cast<Dictionary<string, object?>>().Single(job => Targets(job).Contains("api:8080"));
        (api.Scalar("metrics_path") ?? "/metrics").ShouldBe("/metrics");
        (api.Scalar("scheme") ?? "http").ShouldBe("http");

        // api:8080 is the compose service and the port its ASPNETCORE_URLS binds inside the network.
        Environment("api")["ASPNETCORE_URLS"].ShouldBe("http://+:8080");
    }

    [Fact]
    public void Grafana_IsProvisionedWithPrometheusAndJaeger_AndLoadsTheDashboardFolder()
    {
        var grafana = Services.Map("grafana");
        var mounts = Mounts(grafana).ToList();
        mounts.ShouldContain(("./deploy/grafana/provisioning", "/etc/grafana/provisioning"));

        var sources = RepositoryFiles.Yaml("deploy/grafana/provisioning/datasources/datasources.yml").List("datasources").Cast<Dictionary<string, object?>>().ToList();
        sources.Single(s => s.Scalar("type") == "prometheus").Scalar("url").ShouldBe("http://prometheus:9090");
        sources.Single(s => s.Scalar("type") == "jaeger").Scalar("url").ShouldBe("http://jaeger:16686");

        var provider = RepositoryFiles.Yaml("deploy/grafana/provisioning/dashboards/dashboards.yml").List("providers").Cast<Dictionary<string, object?>>().Single();
        provider.Scalar("type").ShouldBe("file");
        var dashboards = provider.Map("options").Scalar("path");
        mounts.ShouldContain(("./deploy/grafana/dashboards", dashboards!), "the provider reads the folder the dashboards are mounted at");
        File.Exists(RepositoryFiles.PathOf("deploy/grafana/dashboards/portfoliotracker.json")).ShouldBeTrue();
    }

    [Fact]
    public void Jaeger_AcceptsOtlp_AndTheApiExportsTracesToIt()
    {
        var jaeger = Services.Map("jaeger");
        jaeger.Scalar("image")!.ShouldStartWith("jaegertracing/all-in-one:");
        Environment("jaeger")["COLLECTOR_OTLP_ENABLED"].ShouldBe("true");
        Environment("api")["OTEL_EXPORTER_OTLP_ENDPOINT"].ShouldBe("http://jaeger:4317");
    }

    [Fact]
    public void TheApi_HasTimeToShutDownGracefully_BeforeDockerKillsIt()
    {
        var api = Services.Map("api");
        var timeout = int.Parse(Environment("api").GetValueOrDefault("Shutdown__TimeoutSeconds") ?? "30", CultureInfo.InvariantCulture);
        var grace = Seconds(api.Scalar("stop_grace_period") ?? "10s");
        grace.ShouldBeGreaterThan(timeout, "stop_grace_period must exceed Shutdown__TimeoutSeconds, or SIGKILL cuts the shutdown short");
    }

    [Fact]
    public void Secrets_ComeFromTheEnvironment_NotTheFile()
    {
        var api = Environment("api");
        api["Jwt__SigningKey"].ShouldStartWith("${");
        api["Bootstrap__AdminPassword"].ShouldStartWith("${");
        Environment("grafana")["GF_SECURITY_ADMIN_PASSWORD"].ShouldStartWith("${");
        Environment("postgres")["POSTGRES_PASSWORD"].ShouldStartWith("${");
    }

    [Fact]
    public void TheApi_RunsWithoutExtraPrivileges()
    {
        var api = Services.Map("api");
        api.List("cap_drop").ShouldContain("ALL");
        api.List("security_opt").ShouldContain("no-new-privileges:true");
    }

    private static int Seconds(string duration)
    {
        var match = Duration().Match(duration);
        match.Success.ShouldBeTrue($"'{duration}' is a compose duration");
        var value = int.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value == "m" ? value * 60 : value;
    }

    private static IEnumerable<string> Targets(Dictionary<string, object?> job) =>
        job.List("static_configs").Cast<Dictionary<string, object?>>().SelectMany(c => c.List("targets").Cast<string>());

    private static IEnumerable<(string Source, string Target)> Mounts(Dictionary<string, object?> service) =>
        service.TryGetValue("volumes", out var volumes) && volumes is List<object?> list
            ? list.Cast<string>().Select(v => v.Split(':')).Select(p => (p[0], p[1]))
            : [];

    private string MountOf(string service, string target) =>
        Mounts(Services.Map(service)).Single(m => m.Target == target).Source;

    private Dictionary<string, string> Environment(string service) =>
        Services.Map(service).Map("environment").ToDictionary(e => e.Key, e => Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal);

    [GeneratedRegex("^(?<value>\\d+)(?<unit>s|m)$")]
    private static partial Regex Duration();
}

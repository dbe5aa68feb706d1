using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Telemetry;

/// <summary>The API with <c>Metrics:Enabled=false</c>.</summary>
public sealed class MetricsDisabledApiFactory : ApiFactory
{
    protected override void Configure(IDictionary<string, string?> configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration["Metrics:Enabled"] = "false";
    }
}

public sealed class MetricsDisabledTests(MetricsDisabledApiFactory factory) : IClassFixture<MetricsDisabledApiFactory>
{
    [Fact]
    public async Task Metrics_WhenDisabled_IsNotServed()
    {
        var client = factory.CreateClient();

        await (await client.GetAsync("/metrics", token: null)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync("/health/live", token: null)).ShouldBeAsync(200);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Shutdown;

/// <summary><c>Shutdown:TimeoutSeconds</c> becomes the host's shutdown timeout; a value out of range stops start-up.</summary>
public sealed class ShutdownSettingsTests
{
    [Theory]
    [InlineData(null, 30)]
    [InlineData("7", 7)]
    public async Task TheSetting_IsTheHostsShutdownTimeout(string? configured, int expectedSeconds)
    {
        await using var factory = new SettingFactory(configured);
        await factory.InitializeAsync();
        _ = factory.CreateClient();

        factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    public async Task AValueOutOfRange_StopsStartUp(string configured)
    {
        await using var factory = new SettingFactory(configured);
        await factory.InitializeAsync();

        var failure = Should.Throw<Exception>(() => factory.CreateClient());

        failure.ToString().ShouldContain("Shutdown:TimeoutSeconds must be between 1 and 3600");
    }

    private sealed class SettingFactory(string? timeoutSeconds) : ApiFactory
    {
        protected override void Configure(IDictionary<string, string?> configuration)
        {
            if (timeoutSeconds is not null)
            {
                configuration["Shutdown:TimeoutSeconds"] = timeoutSeconds;
            }
        }
    }
}

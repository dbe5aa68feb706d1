using Microsoft.Extensions.Hosting;
using PortfolioTracker.Infrastructure.Identity;

namespace PortfolioTracker.Infrastructure.Startup;

/// <summary>
/// Resolves the JWT signing key at start-up, so a missing or weak key stops a non-Development process before it
/// serves anything (rather than on the first login).
/// </summary>
internal sealed class SecurityStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetService(typeof(JwtSigningKey));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

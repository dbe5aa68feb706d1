using System.Diagnostics;

namespace PortfolioTracker.Api.IntegrationTests.Infrastructure;

/// <summary>Clean-up of the processes tests start (an API, a Prometheus).</summary>
internal static class ChildProcess
{
    /// <summary>Kills the process and its children if it still runs, waits for it, and disposes it.</summary>
    public static async Task KillAndDisposeAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        process.Dispose();
    }
}

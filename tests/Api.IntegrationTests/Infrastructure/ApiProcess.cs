using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PortfolioTracker.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The built API as a real process: <c>dotnet PortfolioTracker.Api.dll</c> (the copy in the test output folder,
/// with its appsettings) on a port the operating system picks, configured through environment variables the way an
/// operator configures it. For what only a real process shows: signals, listening sockets, the exit code.
/// </summary>
public sealed partial class ApiProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ApiProcess(Process process) => this.process = process;

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>For an HTTPS process: the SHA-1 thumbprint of its (self-signed) certificate, which clients trust.</summary>
    public string? TrustedCertificateThumbprint { get; init; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the API on <paramref name="connectionString"/> with the integration tests' usual settings plus
    /// <paramref name="settings"/> (configuration keys such as <c>Shutdown:TimeoutSeconds</c>; null removes one), and
    /// waits until <c>/health/ready</c> answers 200. An HTTPS process (its <c>ASPNETCORE_URLS</c> in
    /// <paramref name="settings"/>) needs the thumbprint of its certificate, <paramref name="trustedCertificateThumbprint"/>.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string?>? settings = null, string? trustedCertificateThumbprint = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PortfolioTracker.Api.dll"));
        foreach (var inherited in new[] { "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "ConnectionStrings__Postgres" })
        {
            start.Environment.Remove(inherited);
        }

        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["DOTNET_gcServer"] = "0",
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Jwt:SigningKey"] = ApiFactory.SigningKey,
            ["Bootstrap:AdminEmail"] = ApiFactory.AdminEmail,
            ["Bootstrap:AdminPassword"] = ApiFactory.AdminPassword,
            ["Passwords:Iterations"] = "1000",
            ["Prices:Provider"] = "Simulated",
            ["Prices:RefreshEnabled"] = "false",
            ["RateLimiting:Enabled"] = "false",
            ["Logging:Console:FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in configuration)
        {
            var name = key.Replace(":", "__", StringComparison.Ordinal);
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var api = new ApiProcess(new Process { StartInfo = start, EnableRaisingEvents = true }) { TrustedCertificateThumbprint = trustedCertificateThumbprint };
        try
        {
            await api.StartAndWaitUntilReadyAsync();
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of this process; every request on a connection of its own unless <paramref name="reuseConnections"/>.</summary>
    public HttpClient CreateClient(bool reuseConnections = true)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = reuseConnections ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (TrustedCertificateThumbprint is { } thumbprint)
        {
            // The test's own self-signed certificate, and no other.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase);
        }

        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c> or Kubernetes do.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {Id} failed ({kill.ExitCode}).");
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code; fails when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The API process did not exit within {timeout.TotalSeconds} s. Its output:\n{Tail()}");
        }

        return process.ExitCode;
    }

    /// <summary>The last lines of the output, for failure messages.</summary>
    public string Tail(int lines = 60) => string.Join('\n', Output.Split('\n').TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.KillAndDisposeAsync(process);
    }

    private async Task StartAndWaitUntilReadyAsync()
    {
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start dotnet.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(StartTimeout);
        var exited = process.WaitForExitAsync(deadline.Token);
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(Timeout.Infinite, deadline.Token));
        if (first != listening.Task)
        {
            throw new InvalidOperationException(
                (process.HasExited ? $"The API exited ({process.ExitCode}) before listening." : $"The API did not listen within {StartTimeout.TotalSeconds} s.")
                + $" Its output:\n{Tail()}");
        }

        BaseAddress = await listening.Task;
        using var client = CreateClient();
        while (true)
        {
            try
            {
                using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), deadline.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!process.HasExited)
            {
                // Not yet.
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException($"The API was not ready within {StartTimeout.TotalSeconds} s. Its output:\n{Tail()}");
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"The API exited ({process.ExitCode}) while starting. Its output:\n{Tail()}");
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (ListeningOn().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    [GeneratedRegex("Now listening on: (?<url>https?://[^\\s\"]+)")]
    private static partial Regex ListeningOn();
}

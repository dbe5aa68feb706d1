using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Deployment;

/// <summary>
/// A real Prometheus (the installed binary, e.g. Debian's <c>prometheus</c> package) on a loopback port, with a
/// configuration of the test's and a throwaway data folder.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string SkipVariable = "PT_SKIP_PROMETHEUS";

    public const string Missing =
        "Prometheus is not installed, and the dashboard test runs every dashboard query on a real one. Install it " +
        "(Debian/Ubuntu, as root: apt-get install -y prometheus; .ci/run does this by itself when it runs as root), " +
        $"or set {SkipVariable}=1 to skip this test.";

    private readonly Process process;
    private readonly string folder;
    private readonly StringBuilder output = new();

    private PrometheusServer(Process process, string folder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The binary on PATH or in /usr/bin, or null when Prometheus is not installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "prometheus"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts Prometheus with <paramref name="configuration"/> (YAML; <c>{self}</c> is its own host:port) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string binary, string configuration)
    {
        var folder = Directory.CreateTempSubdirectory("pt-prometheus-").FullName;
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "prometheus.yml"), configuration.Replace("{self}", $"127.0.0.1:{port}", StringComparison.Ordinal));
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[]
        {
            $"--config.file={Path.Combine(folder, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var address = new Uri($"http://127.0.0.1:{port}");
        var server = new PrometheusServer(new Process { StartInfo = start }, folder, address);
        try
        {
            await server.StartAndWaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Answers <c>GET /api/v1/...</c> as JSON.</summary>
    public async Task<JsonNode> GetAsync(string pathAndQuery)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"Prometheus answered {text}");
    }

    /// <summary>An instant query through <c>/api/v1/query</c>; the whole answer (status, data or error).</summary>
    public Task<JsonNode> QueryAsync(string promQl) => GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promQl)}");

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

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.KillAndDisposeAsync(process);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }

    private async Task StartAndWaitUntilReadyAsync()
    {
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited ({process.ExitCode}): {Output}");
            }

            try
            {
                using var ready = await client.GetAsync(new Uri("/-/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not yet listening.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"Prometheus was not ready within 60 s: {Output}");
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// A PostgreSQL cluster of one test's own, which the test may crash and restart at will (never the shared server of
/// <c>PT_TEST_POSTGRES</c>). Found and run the way build/lib/postgres.sh does: <c>PT_PG_BINDIR</c>, else the binaries
/// on PATH, else the newest <c>/usr/lib/postgresql/*/bin</c>; as the <c>postgres</c> OS user when running as root;
/// TCP on 127.0.0.1 only. A detached watchdog removes it if the test host dies before disposing it.
/// </summary>
public sealed class OutageCluster : IAsyncDisposable
{
    private readonly string bin;
    private readonly string root;
    private readonly string data;
    private readonly bool asRoot;

    private OutageCluster(string bin, string root, int port)
    {
        this.bin = bin;
        this.root = root;
        data = Path.Combine(root, "data");
        asRoot = Environment.UserName == "root";
        Port = port;
    }

    public int Port { get; }

    /// <summary>The superuser on the maintenance database, unpooled (a pool would keep connections the crash broke).</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public string LogFile => Path.Combine(root, "postgres.log");

    /// <summary>Creates and starts a cluster on a free port.</summary>
    public static async Task<OutageCluster> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "This test needs the PostgreSQL server binaries (Debian/Ubuntu: apt-get install postgresql) or PT_PG_BINDIR.");
        var cluster = new OutageCluster(bin, Directory.CreateTempSubdirectory("pt-outage-pg-").FullName, FreePort());
        try
        {
            if (cluster.asRoot)
            {
                await RunAsync("chown", "-R", "postgres", cluster.root);
            }

            await cluster.RunAsOwnerAsync("initdb", "-D", cluster.data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C");
            cluster.StartWatchdog();
            await cluster.StartServerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a database and returns its connection string (pooled, as the API would have it).</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    /// <summary>Starts the server (again) and waits until it accepts connections (crash recovery included).</summary>
    public Task StartServerAsync() => RunAsOwnerAsync(
        "pg_ctl",
        "-D", data, "-l", LogFile, "-w", "-t", "60", "-s",
        "-o", string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k '' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"),
        "start");

    /// <summary>
    /// <c>pg_ctl stop -m immediate</c>: every backend is killed at once, no checkpoint, clients' connections break
    /// mid-statement; the next start runs crash recovery. Returns when the server is gone.
    /// </summary>
    public Task CrashAsync() => RunAsOwnerAsync("pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", "30", "-s", "stop");

    /// <summary>The end of the server's log, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        try
        {
            return string.Join('\n', File.ReadAllLines(LogFile).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                await CrashAsync();
            }
            catch (InvalidOperationException)
            {
                // Not running after all.
            }
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // The watchdog removes it when this process exits.
        }
    }

    /// <summary>A detached shell that stops the cluster and deletes its folder once this test process is gone.</summary>
    private void StartWatchdog()
    {
        var stop = $"{(asRoot ? "runuser -u postgres -- " : string.Empty)}'{Path.Combine(bin, "pg_ctl")}' -D '{data}' -m immediate stop >/dev/null 2>&1";
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop}; rm -rf '{root}'";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "-f", "bash", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        Process.Start(start)?.Dispose();
    }

    private Task RunAsOwnerAsync(string program, params string[] arguments) => asRoot
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, program), .. arguments])
        : RunAsync(Path.Combine(bin, program), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        // From / so that the postgres user never trips over an unreadable working directory.
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static string? FindBinaries()
    {
        static bool IsBinDir(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres"));

        if (Environment.GetEnvironmentVariable("PT_PG_BINDIR") is { Length: > 0 } configured)
        {
            return IsBinDir(configured) ? configured : null;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "pg_ctl"))
            .Where(File.Exists)
            .Select(file => Path.GetDirectoryName(new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file)!)
            .FirstOrDefault(IsBinDir);
        if (onPath is not null)
        {
            return onPath;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(IsBinDir)
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

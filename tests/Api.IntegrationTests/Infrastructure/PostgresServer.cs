using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PortfolioTracker.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the integration tests create their databases on: the one named by
/// <c>PT_TEST_POSTGRES</c> (build/test.sh sets it), or else a throwaway cluster started here from the installed
/// binaries and removed when the test process exits, so <c>dotnet test</c> works on its own too.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "PT_TEST_POSTGRES";

    private static readonly Lazy<string> AdminConnection = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A connection string with the right to create databases.</summary>
    public static string AdminConnectionString => AdminConnection.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "pt_test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, disconnecting whoever still uses it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(configured) ? ThrowawayCluster.Start() : configured;
    }

    /// <summary>A cluster in a temporary folder, torn down at process exit.</summary>
    private static class ThrowawayCluster
    {
        public static string Start()
        {
            var bin = FindBinaries() ?? throw new InvalidOperationException(
                $"Integration tests need PostgreSQL: set {EnvironmentVariable} to a connection string that may create databases, " +
                "or install the server binaries (Debian/Ubuntu: apt-get install postgresql), or run build/test.sh.");
            var root = Directory.CreateTempSubdirectory("pt-tests-pg-").FullName;
            var data = Path.Combine(root, "data");
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                Run("chown", "-R", "postgres", root);
            }

            var port = FreePort();
            RunAsOwner(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C");
            RunAsOwner(
                asRoot,
                Path.Combine(bin, "pg_ctl"),
                "-D", data, "-l", Path.Combine(root, "postgres.log"), "-w", "-t", "60",
                "-o", $"-p {port} -k '' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                "start");
            StartWatchdog(asRoot, Path.Combine(bin, "pg_ctl"), data, root);
            return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        }

        /// <summary>
        /// A detached shell that outlives a test host killed by the runner: once this process is gone, it stops the
        /// cluster and deletes its folder.
        /// </summary>
        private static void StartWatchdog(bool asRoot, string pgCtl, string data, string root)
        {
            var stop = $"{(asRoot ? "runuser -u postgres -- " : string.Empty)}'{pgCtl}' -D '{data}' -m immediate stop >/dev/null 2>&1";
            var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop}; rm -rf '{root}'";
            var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = false, UseShellExecute = false };
            foreach (var argument in new[] { "-f", "bash", "-c", script })
            {
                start.ArgumentList.Add(argument);
            }

            Process.Start(start)?.Dispose();
        }

        private static string? FindBinaries()
        {
            var fromPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, "pg_ctl"))
                .FirstOrDefault(File.Exists);
            if (fromPath is not null)
            {
                return Path.GetDirectoryName(new FileInfo(fromPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? fromPath);
            }

            return Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(dir => Path.Combine(dir, "bin"))
                    .Where(dir => File.Exists(Path.Combine(dir, "pg_ctl")))
                    .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var v) ? v : 0)
                    .FirstOrDefault()
                : null;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static void RunAsOwner(bool asRoot, string program, params string[] arguments)
        {
            if (asRoot)
            {
                Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
            }
            else
            {
                Run(program, arguments);
            }
        }

        private static void Run(string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error.Result}{output.Result}");
            }
        }
    }
}

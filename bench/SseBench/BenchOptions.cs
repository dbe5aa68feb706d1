using System.Globalization;

namespace SseBench;

/// <summary>
/// Settings of one run: command-line options (<c>--clients 5000</c>) win over environment variables (<c>SSE_CLIENTS</c>),
/// which win over the defaults.
/// </summary>
internal sealed class BenchOptions
{
    public required Uri BaseUrl { get; init; }

    /// <summary>Concurrent SSE connections to hold open.</summary>
    public int Clients { get; init; } = 10_000;

    /// <summary>Connections opened at the same time while ramping up.</summary>
    public int Batch { get; init; } = 500;

    /// <summary>Seconds between all clients being connected and the start of the measurement window.</summary>
    public int WarmupSeconds { get; init; } = 5;

    /// <summary>Length of the measurement window in seconds.</summary>
    public int DurationSeconds { get; init; } = 30;

    public IReadOnlyList<string> Coins { get; init; } = ["bitcoin", "ethereum"];

    public string Vs { get; init; } = "usd";

    /// <summary>The stream's <c>interval</c> query parameter (seconds).</summary>
    public int IntervalSeconds { get; init; } = 1;

    /// <summary>The server's Prices__RefreshIntervalSeconds, only for the report.</summary>
    public int? RefreshSeconds { get; init; }

    /// <summary>The API's process id, to read its memory and CPU from /proc; null to skip.</summary>
    public int? ServerPid { get; init; }

    /// <summary>Where the first connections log every price event they receive; null for none.</summary>
    public string? TraceFile { get; init; }

    /// <summary>Where to append one JSON line of results; null for none.</summary>
    public string? ResultsFile { get; init; }

    public static string Usage =>
        """
        Usage: SseBench --url http://127.0.0.1:PORT [options]
          --clients N        concurrent SSE clients (SSE_CLIENTS, default 10000)
          --batch N          connections opened at once while ramping up (SSE_BATCH, default 500)
          --warmup S         seconds to settle after all are connected (SSE_WARMUP, default 5)
          --duration S       measurement window in seconds (SSE_DURATION, default 30)
          --coins a,b        coins to stream (SSE_COINS, default bitcoin,ethereum)
          --vs CUR           quote currency (SSE_VS, default usd)
          --interval S       stream interval in seconds (SSE_INTERVAL, default 1)
          --refresh S        the server's refresh interval, for the report only (SSE_REFRESH)
          --server-pid PID   the API's process id: its memory and CPU are read from /proc (SSE_SERVER_PID)
          --results FILE     append the figures as one JSON line to FILE (SSE_RESULTS)
          --trace FILE       log every price event of the first 3 connections to FILE (SSE_TRACE)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[arg[2..eq]] = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                values[arg[2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"option '{arg}' needs a value");
            }
        }

        string? Get(string name, string env) =>
            values.Remove(name, out var value) ? value : Environment.GetEnvironmentVariable(env) is { Length: > 0 } e ? e : null;

        int? Int(string name, string env, int min)
        {
            var text = Get(name, env);
            if (text is null)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            {
                throw new ArgumentException($"--{name} must be an integer >= {min}, not '{text}'");
            }

            return value;
        }

        var url = Get("url", "SSE_URL") ?? throw new ArgumentException("--url is required");
        var defaults = new BenchOptions { BaseUrl = new Uri(url) };
        var options = new BenchOptions
        {
            BaseUrl = new Uri(url.TrimEnd('/') + "/"),
            Clients = Int("clients", "SSE_CLIENTS", 1) ?? defaults.Clients,
            Batch = Int("batch", "SSE_BATCH", 1) ?? defaults.Batch,
            WarmupSeconds = Int("warmup", "SSE_WARMUP", 0) ?? defaults.WarmupSeconds,
            DurationSeconds = Int("duration", "SSE_DURATION", 1) ?? defaults.DurationSeconds,
            Coins = Get("coins", "SSE_COINS") is { } coins
                ? coins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : defaults.Coins,
            Vs = Get("vs", "SSE_VS") ?? defaults.Vs,
            IntervalSeconds = Int("interval", "SSE_INTERVAL", 1) ?? defaults.IntervalSeconds,
            RefreshSeconds = Int("refresh", "SSE_REFRESH", 1),
            ServerPid = Int("server-pid", "SSE_SERVER_PID", 1),
            ResultsFile = Get("results", "SSE_RESULTS"),
            TraceFile = Get("trace", "SSE_TRACE"),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option --{values.Keys.First()}");
        }

        if (options.Coins.Count == 0)
        {
            throw new ArgumentException("--coins names no coin");
        }

        return options;
    }
}

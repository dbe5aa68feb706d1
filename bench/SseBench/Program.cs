using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SseBench;

// The SSE price-stream benchmark: N concurrent clients of GET /api/v1/prices/stream against a running API.
// Figures go to stdout, progress to stderr. See bench/README.md.

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 64;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    return await Bench.RunAsync(options, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return 130;
}
catch (BenchException e)
{
    Console.Error.WriteLine($"sse benchmark failed: {e.Message}");
    return 1;
}

internal sealed class BenchException(string message) : Exception(message);

internal static class Bench
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        await WaitReadyAsync(http, cancellationToken);
        var token = await LogInAsync(http, cancellationToken);

        var endpoint = await ResolveAsync(options.BaseUrl, cancellationToken);
        var request = Request(options, token);
        var coins = options.Coins.Select(c => Encoding.UTF8.GetBytes(c)).ToArray();
        var stats = new StreamStats();

        // One stream first: it proves the endpoint works (and warms up the server) before ten thousand follow.
        await ProbeAsync(endpoint, request, coins, cancellationToken);
        using var trace = options.TraceFile is { } traceFile ? new StreamWriter(traceFile, append: false) : null;
        SseConnection.Trace = trace;
        SseConnection.ResetIndex();
        var pid = options.ServerPid;
        CheckOpenFileLimits(options.Clients, pid);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var memoryBefore = pid is { } p0 ? ProcessStats.Memory(p0) : null;

        // Ramp up in batches; each connection then reads on its own until the end.
        using var readers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connections = new List<SseConnection>(options.Clients);
        var running = new List<Task>(options.Clients);
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        var failed = 0;
        var ramp = Stopwatch.StartNew();
        for (var opened = 0; opened < options.Clients;)
        {
            var size = Math.Min(options.Batch, options.Clients - opened);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var batch = Enumerable.Range(0, size)
                .Select(_ => SseConnection.OpenAsync(endpoint, request, stats, coins, timeout.Token))
                .ToArray();
            try
            {
                await Task.WhenAll(batch);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Counted one by one below.
            }

            var batchFailed = 0;
            foreach (var task in batch)
            {
                if (task.IsCompletedSuccessfully)
                {
                    connections.Add(task.Result);
                    running.Add(task.Result.RunAsync(readers.Token));
                }
                else
                {
                    batchFailed++;
                    var reason = Describe(task.Exception?.GetBaseException());
                    failures[reason] = failures.GetValueOrDefault(reason) + 1;
                }
            }

            opened += size;
            failed += batchFailed;
            Console.Error.WriteLine($"  connected {connections.Count,6}/{options.Clients} ({failed} failed) after {ramp.Elapsed.TotalSeconds:F1} s");
            if (batchFailed == size && opened < options.Clients)
            {
                Console.Error.WriteLine("  a whole batch failed: not opening more");
                failed += options.Clients - opened;
                failures["not attempted (a whole batch failed before)"] = options.Clients - opened;
                break;
            }
        }

        ramp.Stop();
        var connected = connections.Count(c => !c.Ended);
        var memoryConnected = pid is { } p1 ? ProcessStats.Memory(p1) : null;
        Console.Error.WriteLine($"  {connected} streams open; warming up {options.WarmupSeconds} s, then measuring {options.DurationSeconds} s...");
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);

        // The window.
        var clientCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu0 = pid is { } p2 ? ProcessStats.CpuTime(p2) : null;
        var machine0 = ProcessStats.MachineCpu();
        var processes0 = ProcessStats.AllProcesses();
        var window = Stopwatch.StartNew();
        var openAtStart = connections.Count(c => !c.Ended);
        stats.Recording = true;
        long peakRss = 0;
        var nextReport = TimeSpan.FromSeconds(10);
        var end = TimeSpan.FromSeconds(options.DurationSeconds);
        while (window.Elapsed < end)
        {
            var left = end - window.Elapsed;
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken);
            if (pid is { } p && ProcessStats.Memory(p, countFiles: false) is { } m)
            {
                peakRss = Math.Max(peakRss, m.RssKb);
                if (window.Elapsed >= nextReport)
                {
                    nextReport += TimeSpan.FromSeconds(10);
                    Console.Error.WriteLine($"  {Math.Round(window.Elapsed.TotalSeconds),5:F0} s: server RSS {m.RssKb / 1024} MB, {Interlocked.Read(ref stats.Events)} events so far");
                }
            }
        }

        stats.Recording = false;
        window.Stop();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu0;
        var serverCpu = pid is { } p3 && serverCpu0 is { } s0 && ProcessStats.CpuTime(p3) is { } s1 ? s1 - s0 : (TimeSpan?)null;
        var machine1 = ProcessStats.MachineCpu();
        var exclude = new HashSet<int> { Environment.ProcessId };
        if (pid is { } p5)
        {
            exclude.Add(p5);
        }

        var others = ProcessStats.TopOthers(processes0, ProcessStats.AllProcesses(), exclude, 3);
        var memoryAfter = pid is { } p4 ? ProcessStats.Memory(p4) : null;
        var openAtEnd = connections.Count(c => !c.Ended);

        var report = new Report(
            options, connected, failed, failures, ramp.Elapsed, openAtStart, openAtEnd, window.Elapsed, stats,
            connections.Where(c => !c.Ended).Select(c => c.WindowEvents).Order().ToArray(),
            connections.Where(c => c.Ended).GroupBy(c => c.EndReason!).ToDictionary(g => g.Key, g => g.Count()),
            memoryBefore, memoryConnected, memoryAfter, peakRss,
            clientCpu, serverCpu,
            machine0 is { } a && machine1 is { } b && b.Total > a.Total ? (b.Busy - a.Busy) / (double)(b.Total - a.Total) : null,
            others);
        report.Print(Console.Out);
        if (options.ResultsFile is { } file)
        {
            await File.AppendAllTextAsync(file, report.Json() + "\n", cancellationToken);
        }

        // Close every stream.
        await readers.CancelAsync();
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        return connected == options.Clients && openAtEnd == connected ? 0 : 2;
    }

    /// <summary>
    /// Every stream is one socket in each process: refuses up front a client count either process cannot hold (past the
    /// limit sockets fail one by one, and the .NET runtime itself may abort when it cannot get a descriptor).
    /// </summary>
    private static void CheckOpenFileLimits(int clients, int? serverPid)
    {
        const int Reserve = 64;
        foreach (var (who, proc) in new[] { ("the client", "self"), ("the server", serverPid?.ToString(CultureInfo.InvariantCulture)) })
        {
            if (proc is null || ProcessStats.OpenFileLimit(proc) is not { } limit || ProcessStats.OpenFiles(proc) is not { } open)
            {
                continue;
            }

            var room = limit - open - Reserve;
            if (clients > room)
            {
                throw new BenchException(
                    $"{clients} streams need {clients} sockets in {who}, which may open {limit} files (ulimit -n) and has {open} open: " +
                    $"at most {Math.Max(0, room)} streams fit. Raise the limit (bench/run.sh sets the soft limit to the hard one, ulimit -Hn) or use fewer clients.");
            }
        }
    }

    private static async Task WaitReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string last = "no answer";
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                using var response = await http.GetAsync("health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new BenchException($"the API at {http.BaseAddress} was not ready within 120 s ({last})");
    }

    /// <summary>Registers a fresh user and logs in; answers the access token.</summary>
    private static async Task<string> LogInAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var name = $"bench{Guid.NewGuid():N}"[..20];
        var email = $"{name}@bench.portfoliotracker.local";
        const string password = "Bench-Passw0rd";
        using (var registered = await http.PostAsJsonAsync("api/v1/auth/register", new { username = name, email, password }, cancellationToken))
        {
            if (!registered.IsSuccessStatusCode)
            {
                throw new BenchException($"register: HTTP {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        using var login = await http.PostAsJsonAsync("api/v1/auth/login", new { email, password }, cancellationToken);
        var body = await login.Content.ReadAsStringAsync(cancellationToken);
        if (!login.IsSuccessStatusCode)
        {
            throw new BenchException($"login: HTTP {(int)login.StatusCode} {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("accessToken").GetString() ?? throw new BenchException("login answered no accessToken");
    }

    private static async Task<EndPoint> ResolveAsync(Uri url, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(url.Host, out var address))
        {
            return new IPEndPoint(address, url.Port);
        }

        var addresses = await Dns.GetHostAddressesAsync(url.Host, cancellationToken);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
        return new IPEndPoint(chosen, url.Port);
    }

    private static byte[] Request(BenchOptions options, string token)
    {
        var path = new Uri(options.BaseUrl, "api/v1/prices/stream").AbsolutePath;
        var query = $"coins={Uri.EscapeDataString(string.Join(',', options.Coins))}&vs={Uri.EscapeDataString(options.Vs)}&interval={options.IntervalSeconds}";
        return Encoding.ASCII.GetBytes(
            $"GET {path}?{query} HTTP/1.1\r\n" +
            $"Host: {options.BaseUrl.Authority}\r\n" +
            $"Authorization: Bearer {token}\r\n" +
            "Accept: text/event-stream\r\n" +
            "Cache-Control: no-cache\r\n" +
            "\r\n");
    }

    /// <summary>Opens one stream and waits for its first price event (10 s at most).</summary>
    private static async Task ProbeAsync(EndPoint endpoint, byte[] request, byte[][] coins, CancellationToken cancellationToken)
    {
        var stats = new StreamStats { Recording = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        SseConnection connection;
        try
        {
            connection = await SseConnection.OpenAsync(endpoint, request, stats, coins, timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchException($"opening a price stream failed: {Describe(e)}");
        }

        using (connection)
        {
            var run = connection.RunAsync(timeout.Token);
            while (Interlocked.Read(ref stats.Events) == 0 && !run.IsCompleted && !timeout.IsCancellationRequested)
            {
                await Task.Delay(20, CancellationToken.None);
            }

            if (Interlocked.Read(ref stats.Events) == 0)
            {
                var why = Interlocked.Read(ref stats.UnparsedEvents) > 0
                    ? "its price events lack a known coinId or fetchedAt"
                    : connection.EndReason ?? "no price event within 10 s";
                throw new BenchException($"the probe stream did not work: {why}");
            }
        }
    }

    private static string Describe(Exception? e) => e switch
    {
        null => "unknown",
        SocketException s => $"socket: {s.SocketErrorCode}",
        OperationCanceledException => "timed out (60 s)",
        _ => e.Message,
    };
}

/// <summary>The figures of one run.</summary>
internal sealed record Report(
    BenchOptions Options,
    int Connected,
    int Failed,
    Dictionary<string, int> Failures,
    TimeSpan Ramp,
    int OpenAtStart,
    int OpenAtEnd,
    TimeSpan Window,
    StreamStats Stats,
    long[] EventsPerClient,
    Dictionary<string, int> EndReasons,
    MemorySample? MemoryBefore,
    MemorySample? MemoryConnected,
    MemorySample? MemoryAfter,
    long PeakRssKb,
    TimeSpan ClientCpu,
    TimeSpan? ServerCpu,
    double? MachineBusy,
    IReadOnlyList<(string Name, int Pid, TimeSpan Cpu)> OtherProcesses)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private double Seconds => Window.TotalSeconds;

    public void Print(TextWriter output)
    {
        var o = Options;
        var s = Stats;
        var h = s.Latency;
        string F(FormattableString text) => text.ToString(Inv);

        output.WriteLine(F($"sse clients: {Connected} (target {o.Clients}; open at the same time)"));
        output.WriteLine(F($"connect failures: {Failed}{(Failures.Count > 0 ? " (" + string.Join("; ", Failures.Select(f => $"{f.Value} {f.Key}")) + ")" : string.Empty)}"));
        output.WriteLine(F($"ramp-up: {Connected} streams in {Ramp.TotalSeconds:F1} s ({o.Batch} opened at a time)"));
        output.WriteLine(F($"stream: coins={string.Join(',', o.Coins)} vs={o.Vs} interval={o.IntervalSeconds}s; server refresh every {(o.RefreshSeconds is { } r ? r + "s" : "?")}"));
        output.WriteLine(F($"window: {Seconds:F1} s after {o.WarmupSeconds} s warm-up; streams open at start {OpenAtStart}, at end {OpenAtEnd}{(EndReasons.Count > 0 ? " (ended: " + string.Join("; ", EndReasons.Select(e => $"{e.Value} {e.Key}")) + ")" : string.Empty)}"));
        var perClient = EventsPerClient.Length == 0 ? "-" : F($"min {EventsPerClient[0]} / median {EventsPerClient[EventsPerClient.Length / 2]} / max {EventsPerClient[^1]}");
        var expected = Seconds * o.Coins.Count / o.IntervalSeconds;
        output.WriteLine(F($"events received: {s.Events} ({s.Events / Seconds:F0}/s); per client {perClient} (one per coin per interval: {expected:F0})"));
        output.WriteLine(F($"  newly published {s.Fresh}, repeated {s.Repeated} ({Share(s.Repeated, s.Events)}), stale {s.Stale}, error events {s.ErrorEvents}, unparsed {s.UnparsedEvents}, heartbeats {s.Heartbeats}; {s.Bytes / Seconds / 1024:F0} KiB/s"));
        output.WriteLine(F($"fan-out latency ms (client receive - fetchedAt; newly published prices, n={h.Count}): p50 {h.PercentileMs(50):F1}  p90 {h.PercentileMs(90):F1}  p99 {h.PercentileMs(99):F1}  max {h.MaxMs:F1}  mean {h.MeanMs:F1}"));
        output.WriteLine(F($"  share under: 10 ms {Pct(h.ShareBelowMs(10))}, 50 ms {Pct(h.ShareBelowMs(50))}, 100 ms {Pct(h.ShareBelowMs(100))}, 250 ms {Pct(h.ShareBelowMs(250))}, 500 ms {Pct(h.ShareBelowMs(500))}, 1 s {Pct(h.ShareBelowMs(1000))}"));
        var g = s.Gaps;
        output.WriteLine(F($"tick gap ms (between a client's consecutive ticks; ideal {o.IntervalSeconds * 1000}): p50 {g.PercentileMs(50):F1}  p99 {g.PercentileMs(99):F1}  max {g.MaxMs:F1}"));
        if (MemoryBefore is { } before && MemoryAfter is { } after)
        {
            var connected = MemoryConnected ?? after;
            var perStream = Connected > 0 ? (after.RssKb - before.RssKb) / (double)Connected : 0;
            output.WriteLine(F($"server memory: RSS {Mb(before.RssKb)} before the streams, {Mb(connected.RssKb)} once all were open, {Mb(after.RssKb)} at the end (+{perStream:F1} KiB per stream); peak during window {Mb(PeakRssKb)}, process peak (VmHWM) {Mb(after.PeakRssKb)}"));
            output.WriteLine(F($"server threads {after.Threads}, open fds {after.OpenFiles}"));
        }
        else
        {
            output.WriteLine("server memory: not measured (no --server-pid)");
        }

        var cores = Environment.ProcessorCount;
        var serverShare = ServerCpu is { } sc ? sc / Window : (double?)null;
        var clientShare = ClientCpu / Window;
        var rest = MachineBusy is { } busy && serverShare is { } ss ? Math.Max(0, (busy * cores) - ss - clientShare) : (double?)null;
        var busiest = OtherProcesses.Count == 0 ? "none" : string.Join(", ", OtherProcesses.Select(p => F($"{p.Name}[{p.Pid}] {Pct(p.Cpu / Window)}")));
        output.WriteLine(F($"cpu during the window (100% = one core): server {(serverShare is { } x ? Pct(x) : "?")}, client {Pct(clientShare)}, rest of the machine {(rest is { } other ? Pct(other) : "?")}; machine {(MachineBusy is { } m ? Pct(m) : "?")} busy of {cores} cores shared by all"));
        output.WriteLine(F($"  busiest other processes (those that ended meanwhile are missing): {busiest}"));
    }

    public string Json()
    {
        var h = Stats.Latency;
        return JsonSerializer.Serialize(new
        {
            at = DateTimeOffset.UtcNow,
            clients = Connected,
            target = Options.Clients,
            connectFailures = Failed,
            rampSeconds = Math.Round(Ramp.TotalSeconds, 1),
            coins = Options.Coins,
            interval = Options.IntervalSeconds,
            refresh = Options.RefreshSeconds,
            windowSeconds = Math.Round(Seconds, 1),
            openAtEnd = OpenAtEnd,
            events = Stats.Events,
            eventsPerSecond = Math.Round(Stats.Events / Seconds),
            fresh = Stats.Fresh,
            repeated = Stats.Repeated,
            p50 = h.PercentileMs(50),
            p90 = h.PercentileMs(90),
            p99 = h.PercentileMs(99),
            max = h.MaxMs,
            mean = Math.Round(h.MeanMs, 1),
            gapP50 = Stats.Gaps.PercentileMs(50),
            gapP99 = Stats.Gaps.PercentileMs(99),
            gapMax = Stats.Gaps.MaxMs,
            rssBeforeKb = MemoryBefore?.RssKb,
            rssConnectedKb = MemoryConnected?.RssKb,
            rssEndKb = MemoryAfter?.RssKb,
            hwmKb = MemoryAfter?.PeakRssKb,
            serverCpu = ServerCpu is { } sc ? Math.Round(sc / Window, 3) : (double?)null,
            clientCpu = Math.Round(ClientCpu / Window, 3),
            machineBusy = MachineBusy is { } m ? Math.Round(m, 3) : (double?)null,
            restOfMachine = MachineBusy is { } m2 && ServerCpu is { } sc2 ? Math.Round(Math.Max(0, (m2 * Environment.ProcessorCount) - (sc2 / Window) - (ClientCpu / Window)), 3) : (double?)null,
            cores = Environment.ProcessorCount,
        });
    }

    private static string Pct(double share) => (share * 100).ToString("F1", Inv) + "%";

    private static string Share(long part, long whole) => whole == 0 ? "-" : Pct(part / (double)whole);

    private static string Mb(long kb) => (kb / 1024.0).ToString("F0", Inv) + " MB";
}

using System.Globalization;

namespace SseBench;

/// <summary>Memory of a process (from /proc/PID/status), in KiB.</summary>
internal readonly record struct MemorySample(long RssKb, long PeakRssKb, int Threads, int OpenFiles);

/// <summary>Reads what Linux says about a process and the machine; every reader answers null where /proc is missing.</summary>
internal static class ProcessStats
{
    /// <summary>USER_HZ: the unit of the CPU times in /proc (100 on every Linux architecture .NET runs on).</summary>
    private const double TicksPerSecond = 100.0;

    public static MemorySample? Memory(int pid, bool countFiles = true)
    {
        try
        {
            long rss = 0, hwm = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kb(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kb(line);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            var files = -1;
            try
            {
                if (!countFiles)
                {
                    return new MemorySample(rss, hwm, threads, files);
                }

                files = Directory.GetFiles($"/proc/{pid}/fd").Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's process: its descriptors stay private.
            }

            return new MemorySample(rss, hwm, threads, files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The soft limit on open files of a process ("self" for this one), from /proc/PID/limits; null if unknown.</summary>
    public static long? OpenFileLimit(string pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return soft is null || soft == "unlimited" ? null : long.Parse(soft, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>How many files a process has open now; null if unknown.</summary>
    public static int? OpenFiles(string pid)
    {
        try
        {
            return Directory.GetFiles($"/proc/{pid}/fd").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>User + system CPU time the process has used so far.</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The machine's (busy, total) CPU ticks over all cores since boot, from /proc/stat.</summary>
    public static (long Busy, long Total)? MachineCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var total = values.Take(8).Sum(); // user nice system idle iowait irq softirq steal
            var idle = values[3] + values[4];
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>CPU time used so far by every process of the machine, with its name, by pid.</summary>
    public static Dictionary<int, (string Name, TimeSpan Cpu)> AllProcesses()
    {
        var all = new Dictionary<int, (string, TimeSpan)>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    var open = stat.IndexOf('(', StringComparison.Ordinal);
                    var close = stat.LastIndexOf(')');
                    var fields = stat[(close + 2)..].Split(' ');
                    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    all[pid] = (stat[(open + 1)..close], TimeSpan.FromSeconds(ticks / TicksPerSecond));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
                {
                    // The process ended meanwhile.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return all;
    }

    /// <summary>
    /// The processes other than <paramref name="exclude"/> that used the most CPU between two snapshots of
    /// <see cref="AllProcesses"/> (processes started in between count from zero).
    /// </summary>
    public static IReadOnlyList<(string Name, int Pid, TimeSpan Cpu)> TopOthers(
        Dictionary<int, (string Name, TimeSpan Cpu)> before, Dictionary<int, (string Name, TimeSpan Cpu)> after, ISet<int> exclude, int count) =>
        [.. after.Where(a => !exclude.Contains(a.Key))
            .Select(a => (a.Value.Name, Pid: a.Key, Cpu: a.Value.Cpu - (before.TryGetValue(a.Key, out var b) && b.Name == a.Value.Name ? b.Cpu : TimeSpan.Zero)))
            .Where(p => p.Cpu > TimeSpan.Zero)
            .OrderByDescending(p => p.Cpu)
            .Take(count)];

    private static long Kb(string line) =>
        long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
}

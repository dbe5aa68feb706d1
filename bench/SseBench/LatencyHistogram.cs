namespace SseBench;

/// <summary>
/// A lock-free latency histogram: 0.1 ms buckets up to 60 s (values beyond go to the last bucket, the exact maximum is
/// kept apart). Recording is one interlocked increment, so every connection records into the same instance.
/// </summary>
internal sealed class LatencyHistogram
{
    private const long BucketMicros = 100;
    private const int Buckets = 600_000;

    private readonly long[] counts = new long[Buckets + 1];
    private long total;
    private long sumMicros;
    private long maxMicros;

    public long Count => Interlocked.Read(ref total);

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        var bucket = micros / BucketMicros;
        Interlocked.Increment(ref counts[bucket > Buckets ? Buckets : bucket]);
        Interlocked.Increment(ref total);
        Interlocked.Add(ref sumMicros, micros);
        var max = Interlocked.Read(ref maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref maxMicros, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public double MeanMs => Count == 0 ? 0 : Interlocked.Read(ref sumMicros) / (double)Count / 1000.0;

    public double MaxMs => Interlocked.Read(ref maxMicros) / 1000.0;

    /// <summary>The value (ms, upper edge of its 0.1 ms bucket) below which <paramref name="percent"/>% of samples lie.</summary>
    public double PercentileMs(double percent)
    {
        var n = Count;
        if (n == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percent / 100.0 * n);
        rank = Math.Clamp(rank, 1, n);
        long seen = 0;
        for (var i = 0; i <= Buckets; i++)
        {
            seen += Interlocked.Read(ref counts[i]);
            if (seen >= rank)
            {
                return i == Buckets ? MaxMs : Math.Min((i + 1) * BucketMicros / 1000.0, MaxMs);
            }
        }

        return MaxMs;
    }

    /// <summary>Share of samples (0–1) below <paramref name="ms"/> milliseconds.</summary>
    public double ShareBelowMs(double ms)
    {
        var n = Count;
        if (n == 0)
        {
            return 0;
        }

        var limit = (long)Math.Min(Buckets, ms * 1000 / BucketMicros);
        long seen = 0;
        for (var i = 0; i < limit; i++)
        {
            seen += Interlocked.Read(ref counts[i]);
        }

        return seen / (double)n;
    }
}

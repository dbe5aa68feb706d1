using System.Diagnostics.Metrics;

namespace PortfolioTracker.Bench.Micro.Fakes;

/// <summary>Plain meters, as the host's factory creates them.</summary>
internal sealed class BenchMeterFactory : IMeterFactory
{
    private readonly List<Meter> meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, this);
        meters.Add(meter);
        return meter;
    }

    public void Dispose() => meters.ForEach(m => m.Dispose());
}

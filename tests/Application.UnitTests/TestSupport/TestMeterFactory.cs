using System.Diagnostics.Metrics;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>
/// An <see cref="IMeterFactory"/> whose meters carry it as their scope, so a test's <see cref="MeterListener"/> hears
/// its own measurements only (tests run in parallel, all with meters named <c>PortfolioTracker</c>).
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> meters = [];

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (meters)
        {
            meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (meters)
        {
            meters.ForEach(m => m.Dispose());
            meters.Clear();
        }
    }
}

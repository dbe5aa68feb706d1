namespace PortfolioTracker.Api.Bench;

/// <summary>
/// Settings of the <c>Bench</c> section: the hidden endpoints the performance suite (<c>bench/run.sh</c>) measures the
/// full stack against. Off by default; see docs/performance.md.
/// </summary>
public sealed class BenchOptions
{
    public const string SectionName = "Bench";

    /// <summary>Maps <c>/api/v1/bench/*</c> (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// In the Production environment <see cref="Enabled"/> alone is refused (with a warning); this must be set as well
    /// (default false). The benchmark runs the API in Production, so it sets both.
    /// </summary>
    public bool AllowInProduction { get; set; }
}

using System.Diagnostics.Metrics;

namespace PortfolioTracker.Api.Telemetry;

/// <summary>
/// The API's own instruments on the <c>PortfolioTracker</c> meter (the framework's meters cover HTTP, Kestrel, the
/// runtime and Npgsql).
/// </summary>
public sealed class ApiMetrics
{
    public const string MeterName = "PortfolioTracker";

    private readonly Counter<long> rateLimited;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        rateLimited = meter.CreateCounter<long>(
            "portfoliotracker.http.rate_limited",
            unit: "{request}",
            description: "Requests refused with 429 by a rate limit, by policy.");
    }

    /// <summary>One request refused by the named rate-limit policy.</summary>
    public void RateLimited(string policy) => rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));
}

using System.Diagnostics.Metrics;

namespace PortfolioTracker.Api.Telemetry;

/// <summary>The API's own HTTP metrics (meter <c>PortfolioTracker</c>; a singleton).</summary>
public sealed class ApiMetrics
{
    public const string MeterName = "PortfolioTracker";

    private readonly Counter<long> rateLimited;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        rateLimited = meter.CreateCounter<long>(
            "portfoliotracker.http.rate_limited", "{request}", "Requests the API answered with 429 Too Many Requests, by rate-limit policy.");
    }

    /// <summary>A request refused by the rate-limit <paramref name="policy"/>.</summary>
    public void RateLimited(string policy) => rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));
}

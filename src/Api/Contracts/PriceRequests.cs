namespace PortfolioTracker.Api.Contracts;

/// <summary>Body of <c>POST /prices/bulk</c>.</summary>
public sealed class BulkPricesRequest
{
    /// <summary>1–50 coin ids such as <c>bitcoin</c>.</summary>
    public IReadOnlyList<string>? Coins { get; init; }

    /// <summary>The vs currency (default <c>usd</c>).</summary>
    public string? Vs { get; init; }

    /// <summary>Wait at most this long for the providers (1–30,000 ms).</summary>
    public int? TimeoutMs { get; init; }
}

using PortfolioTracker.Api.OpenApi;

namespace PortfolioTracker.Api.Contracts;

/// <summary>Body of <c>POST /prices/bulk</c>.</summary>
public sealed class BulkPricesRequest
{
    /// <summary>1–50 coin ids such as <c>bitcoin</c> (an id that is malformed or unknown fails as its item, not the request).</summary>
    [RequiredField]
    [ItemsBetween(1, 50)]
    public IReadOnlyList<string>? Coins { get; init; }

    /// <summary>The vs currency (default <c>usd</c>).</summary>
    [Example("usd")]
    public string? Vs { get; init; }

    /// <summary>Wait at most this long for the providers (1–30,000 ms).</summary>
    [Between(1, 30_000)]
    [Example(2000)]
    public int? TimeoutMs { get; init; }
}

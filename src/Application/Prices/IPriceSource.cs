namespace PortfolioTracker.Application.Prices;

/// <summary>One coin's price as a provider reports it.</summary>
/// <param name="CoinId">The market-data id (<c>bitcoin</c>).</param>
/// <param name="Symbol">The ticker (<c>BTC</c>), when the provider says.</param>
/// <param name="Name">The display name (<c>Bitcoin</c>), when the provider says.</param>
/// <param name="Price">Price of one unit in the vs currency.</param>
/// <param name="MarketCap">Market capitalisation in the vs currency, when known.</param>
/// <param name="Change24h">Price change over 24 hours in percent, when known.</param>
/// <param name="UpdatedAt">When the provider last updated the price, when it says.</param>
public sealed record ProviderQuote(
    string CoinId,
    string? Symbol,
    string? Name,
    decimal Price,
    decimal? MarketCap,
    decimal? Change24h,
    DateTimeOffset? UpdatedAt);

/// <summary>One point of a price history.</summary>
public sealed record ProviderPricePoint(DateTimeOffset At, decimal Price);

/// <summary>
/// A market-data provider (CoinGecko, Binance, the offline simulation). Prices are decimals end to end. A call either
/// answers (coins it does not know are simply absent) or throws: <see cref="PriceSourceUnavailableException"/> when
/// the provider cannot be reached, refused, timed out or its circuit is open; <see cref="NotSupportedException"/> for
/// something it cannot do at all (a vs currency, market caps).
/// </summary>
public interface IPriceSource
{
    /// <summary>The name clients see in <c>source</c>, e.g. <c>coingecko</c>.</summary>
    string Name { get; }

    /// <summary>Prices of many coins in one vs currency, in one upstream call.</summary>
    Task<IReadOnlyList<ProviderQuote>> GetPricesAsync(IReadOnlyCollection<string> coinIds, string vs, CancellationToken cancellationToken);

    /// <summary>The top <paramref name="limit"/> coins by market capitalisation, largest first.</summary>
    Task<IReadOnlyList<ProviderQuote>> GetMarketsAsync(string vs, int limit, CancellationToken cancellationToken);

    /// <summary>Prices over the last <paramref name="days"/> days, oldest first.</summary>
    Task<IReadOnlyList<ProviderPricePoint>> GetHistoryAsync(string coinId, string vs, int days, CancellationToken cancellationToken);
}

/// <summary>The provider could not answer now (down, refused, rate limited, timed out, circuit open).</summary>
public sealed class PriceSourceUnavailableException : Exception
{
    public PriceSourceUnavailableException()
    {
    }

    public PriceSourceUnavailableException(string message)
        : base(message)
    {
    }

    public PriceSourceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

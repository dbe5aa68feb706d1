using System.Collections.Concurrent;

namespace PortfolioTracker.Infrastructure.Prices.Binance;

/// <summary>
/// Trading pairs Binance said do not exist (error -1121), remembered for an hour so a batch is not refused over and
/// over because of them (a singleton: the price source itself is transient).
/// </summary>
internal sealed class BinanceInvalidSymbols(TimeProvider clock)
{
    public static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> until = new(StringComparer.Ordinal);

    public bool IsInvalid(string symbol)
    {
        if (!until.TryGetValue(symbol, out var expiry))
        {
            return false;
        }

        if (clock.GetUtcNow() < expiry)
        {
            return true;
        }

        until.TryRemove(new KeyValuePair<string, DateTimeOffset>(symbol, expiry));
        return false;
    }

    public void MarkInvalid(string symbol) => until[symbol] = clock.GetUtcNow() + Memory;
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PortfolioTracker.Infrastructure.Prices.Simulated;

/// <summary>
/// A deterministic offline market: every coin's USD price is a function of time only — its starting price moved by
/// two slow cycles (about a day and about a week, with a phase per coin) and a small step that changes every five
/// minutes, drawn from a hash of (seed, coin, step). Current prices, 24-hour changes and history therefore always
/// agree, on every instance and across restarts. Decimal arithmetic only.
/// </summary>
internal static class SimulatedMarket
{
    /// <summary>How long one noise step lasts.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    private const long DayCycleSeconds = 86_400 + 3_217;
    private const long WeekCycleSeconds = (7 * 86_400) + 12_345;

    /// <summary>The simulated coins: id, symbol, name, USD price at the origin, circulating supply, volatility.</summary>
    public static readonly IReadOnlyList<Coin> Coins =
    [
        new("bitcoin", "BTC", "Bitcoin", 95_000m, 19_800_000m, 0.04m),
        new("ethereum", "ETH", "Ethereum", 3_400m, 120_500_000m, 0.05m),
        new("tether", "USDT", "Tether", 1m, 140_000_000_000m, 0.0005m),
        new("binancecoin", "BNB", "BNB", 650m, 145_000_000m, 0.04m),
        new("solana", "SOL", "Solana", 180m, 480_000_000m, 0.07m),
        new("ripple", "XRP", "XRP", 2.20m, 57_000_000_000m, 0.06m),
        new("usd-coin", "USDC", "USD Coin", 1m, 44_000_000_000m, 0.0005m),
        new("cardano", "ADA", "Cardano", 0.70m, 35_000_000_000m, 0.06m),
        new("dogecoin", "DOGE", "Dogecoin", 0.25m, 147_000_000_000m, 0.08m),
        new("tron", "TRX", "TRON", 0.25m, 86_000_000_000m, 0.04m),
        new("the-open-network", "TON", "Toncoin", 5.10m, 2_500_000_000m, 0.06m),
        new("polkadot", "DOT", "Polkadot", 6.20m, 1_500_000_000m, 0.06m),
        new("chainlink", "LINK", "Chainlink", 18m, 630_000_000m, 0.06m),
        new("avalanche-2", "AVAX", "Avalanche", 30m, 410_000_000m, 0.07m),
        new("litecoin", "LTC", "Litecoin", 100m, 75_000_000m, 0.05m),
        new("bitcoin-cash", "BCH", "Bitcoin Cash", 450m, 19_800_000m, 0.05m),
        new("stellar", "XLM", "Stellar", 0.35m, 30_000_000_000m, 0.05m),
        new("cosmos", "ATOM", "Cosmos Hub", 7m, 390_000_000m, 0.06m),
        new("uniswap", "UNI", "Uniswap", 10m, 600_000_000m, 0.07m),
        new("monero", "XMR", "Monero", 190m, 18_400_000m, 0.04m),
        new("ethereum-classic", "ETC", "Ethereum Classic", 25m, 150_000_000m, 0.05m),
        new("shiba-inu", "SHIB", "Shiba Inu", 0.00002m, 589_000_000_000_000m, 0.08m),
        new("polygon-ecosystem-token", "POL", "POL (ex-MATIC)", 0.45m, 10_300_000_000m, 0.07m),
        new("algorand", "ALGO", "Algorand", 0.30m, 8_400_000_000m, 0.06m),
        new("filecoin", "FIL", "Filecoin", 4.50m, 650_000_000m, 0.07m),
        new("aptos", "APT", "Aptos", 9m, 560_000_000m, 0.07m),
    ];

    /// <summary>Fiat currencies: units of the currency one US dollar buys at the origin.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> FiatPerUsd = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["usd"] = 1m,
        ["eur"] = 0.92m,
        ["gbp"] = 0.79m,
    };

    private static readonly Dictionary<string, Coin> ById = Coins.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static Coin? Find(string coinId) => ById.GetValueOrDefault(coinId);

    /// <summary>The coin's USD price at <paramref name="at"/>.</summary>
    public static decimal UsdPrice(Coin coin, DateTimeOffset at, long seed)
    {
        ArgumentNullException.ThrowIfNull(coin);
        var seconds = at.ToUnixTimeSeconds();
        var phase = Unit(seed, coin.Id, -1);
        var day = Triangle(seconds, DayCycleSeconds, phase);
        var week = Triangle(seconds, WeekCycleSeconds, Unit(seed, coin.Id, -2));
        var step = (Unit(seed, coin.Id, seconds / (long)Step.TotalSeconds) * 2) - 1;
        var factor = 1m + (coin.Volatility * ((0.5m * day) + (0.8m * week) + (0.2m * step)));
        return Significant(coin.StartUsd * factor, 10);
    }

    /// <summary>How many units of the fiat currency one US dollar buys at <paramref name="at"/> (a gentle wobble).</summary>
    public static decimal FiatRate(string currency, DateTimeOffset at, long seed)
    {
        var origin = FiatPerUsd[currency];
        if (currency == "usd")
        {
            return 1m;
        }

        var seconds = at.ToUnixTimeSeconds();
        return Significant(origin * (1m + (0.01m * Triangle(seconds, WeekCycleSeconds, Unit(seed, currency, -3)))), 8);
    }

    /// <summary>A triangle wave in [-1, 1] with the given period and phase (fraction of a period).</summary>
    private static decimal Triangle(long seconds, long period, decimal phase)
    {
        var position = ((decimal)(((seconds % period) + period) % period) / period) + phase;
        position -= decimal.Floor(position);
        return position < 0.5m ? (4 * position) - 1 : 3 - (4 * position);
    }

    /// <summary>A number in [0, 1) drawn deterministically from (seed, key, index).</summary>
    private static decimal Unit(long seed, string key, long index)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seed}:{key}:{index}")), hash);
        return BinaryPrimitives.ReadUInt32LittleEndian(hash) / 4_294_967_296m;
    }

    /// <summary>Rounds to a number of significant digits (prices look like real quotes, not 28-digit fractions).</summary>
    private static decimal Significant(decimal value, int digits)
    {
        if (value == 0)
        {
            return 0;
        }

        var magnitude = 0;
        for (var v = Math.Abs(value); v >= 10; v /= 10)
        {
            magnitude++;
        }

        for (var v = Math.Abs(value); v < 1; v *= 10)
        {
            magnitude--;
        }

        var decimals = Math.Clamp(digits - 1 - magnitude, 0, 18);
        return Math.Round(value, decimals, MidpointRounding.AwayFromZero);
    }

    public sealed record Coin(string Id, string Symbol, string Name, decimal StartUsd, decimal Supply, decimal Volatility);
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Infrastructure.Prices.Http;

namespace PortfolioTracker.Infrastructure.Prices.CoinGecko;

/// <summary>
/// CoinGecko's public API (<c>/simple/price</c>, <c>/coins/markets</c>, <c>/coins/{id}/market_chart</c>) through a
/// typed HttpClient whose base address, API key header and resilience <see cref="PriceSourceRegistration"/> sets up.
/// Numbers are read as decimals from the JSON text.
/// </summary>
internal sealed class CoinGeckoPriceSource(HttpClient http) : IPriceSource
{
    /// <summary>The provider key (health, resilience) and the name clients see.</summary>
    public const string Key = "coingecko";

    /// <summary>CoinGecko's largest page of <c>/coins/markets</c>.</summary>
    public const int MaxMarketsPage = 250;

    public string Name => Key;

    public async Task<IReadOnlyList<ProviderQuote>> GetPricesAsync(IReadOnlyCollection<string> coinIds, string vs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coinIds);
        var ids = coinIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var currency = Currency(vs);
        var uri = $"simple/price?ids={string.Join(',', ids.Select(Uri.EscapeDataString))}&vs_currencies={Uri.EscapeDataString(currency)}"
            + "&include_market_cap=true&include_24hr_change=true&include_last_updated_at=true";
        using var response = await ProviderHttp.GetAsync(http, Name, uri, root => ParseSimplePrices(root, ids, currency), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ProviderHttp.Unsuccessful(Name, response);
        }

        return await ProviderHttp.ParsedAsync<List<ProviderQuote>>(response, Name, cancellationToken);
    }

    public async Task<IReadOnlyList<ProviderQuote>> GetMarketsAsync(string vs, int limit, CancellationToken cancellationToken)
    {
        var currency = Currency(vs);
        var perPage = Math.Clamp(limit, 1, MaxMarketsPage);
        var uri = string.Create(
            CultureInfo.InvariantCulture,
            $"coins/markets?vs_currency={Uri.EscapeDataString(currency)}&order=market_cap_desc&per_page={perPage}&page=1&price_change_percentage=24h");
        using var response = await ProviderHttp.GetAsync(http, Name, uri, root => ParseMarkets(root, perPage), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ProviderHttp.Unsuccessful(Name, response);
        }

        return await ProviderHttp.ParsedAsync<List<ProviderQuote>>(response, Name, cancellationToken);
    }

    /// <summary>The coin's prices over the last days, oldest first; an id CoinGecko does not know (404) gives an empty list.</summary>
    public async Task<IReadOnlyList<ProviderPricePoint>> GetHistoryAsync(string coinId, string vs, int days, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(coinId))
        {
            return [];
        }

        var currency = Currency(vs);
        var uri = string.Create(
            CultureInfo.InvariantCulture,
            $"coins/{Uri.EscapeDataString(coinId.Trim())}/market_chart?vs_currency={Uri.EscapeDataString(currency)}&days={Math.Max(1, days)}");
        using var response = await ProviderHttp.GetAsync(http, Name, uri, ParseMarketChart, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        if (!response.IsSuccessStatusCode)
        {
            throw ProviderHttp.Unsuccessful(Name, response);
        }

        return await ProviderHttp.ParsedAsync<List<ProviderPricePoint>>(response, Name, cancellationToken);
    }

    private static string Currency(string vs) =>
        string.IsNullOrWhiteSpace(vs) ? throw new ArgumentException("A vs currency is required.", nameof(vs)) : vs.Trim().ToLowerInvariant();

    /// <summary>
    /// <c>{"bitcoin":{"usd":64250.12,"usd_market_cap":…,"usd_24h_change":2.31,"last_updated_at":1700000000}}</c>.
    /// Ids CoinGecko does not know are absent; a coin without a price in the vs currency is skipped. Ids are reported as
    /// they were asked for.
    /// </summary>
    private static List<ProviderQuote> ParseSimplePrices(JsonElement root, IReadOnlyList<string> requested, string vs)
    {
        ProviderHttp.Expect(root, JsonValueKind.Object, "the answer");
        ThrowIfErrorEnvelope(root);
        var asked = requested.ToDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase);
        var quotes = new List<ProviderQuote>();
        foreach (var coin in root.EnumerateObject())
        {
            if (!asked.TryGetValue(coin.Name, out var coinId))
            {
                continue;
            }

            var values = ProviderHttp.Expect(coin.Value, JsonValueKind.Object, $"'{coin.Name}'");
            if (ProviderHttp.OptionalDecimal(ProviderHttp.Property(values, vs), $"{coin.Name}.{vs}") is not { } price)
            {
                continue;
            }

            quotes.Add(new ProviderQuote(
                coinId,
                Symbol: null,
                Name: null,
                price,
                LenientDecimal(ProviderHttp.Property(values, $"{vs}_market_cap")),
                LenientDecimal(ProviderHttp.Property(values, $"{vs}_24h_change")),
                ProviderHttp.FromUnixSeconds(ProviderHttp.Property(values, "last_updated_at"))));
        }

        return quotes;
    }

    /// <summary><c>[{"id","symbol","name","current_price","market_cap","price_change_percentage_24h","last_updated"}]</c>.</summary>
    private static List<ProviderQuote> ParseMarkets(JsonElement root, int limit)
    {
        ThrowIfErrorEnvelope(root);
        ProviderHttp.Expect(root, JsonValueKind.Array, "the answer");
        var quotes = new List<ProviderQuote>();
        foreach (var coin in root.EnumerateArray())
        {
            ProviderHttp.Expect(coin, JsonValueKind.Object, "a market");
            var id = ProviderHttp.Expect(ProviderHttp.Property(coin, "id"), JsonValueKind.String, "a market's id").GetString();
            if (string.IsNullOrEmpty(id)
                || ProviderHttp.OptionalDecimal(ProviderHttp.Property(coin, "current_price"), $"{id}.current_price") is not { } price)
            {
                continue;
            }

            var symbol = ProviderHttp.Property(coin, "symbol");
            var name = ProviderHttp.Property(coin, "name");
            quotes.Add(new ProviderQuote(
                id,
                symbol.ValueKind == JsonValueKind.String ? symbol.GetString()!.ToUpperInvariant() : null,
                name.ValueKind == JsonValueKind.String ? name.GetString() : null,
                price,
                LenientDecimal(ProviderHttp.Property(coin, "market_cap")),
                LenientDecimal(ProviderHttp.Property(coin, "price_change_percentage_24h")),
                Timestamp(ProviderHttp.Property(coin, "last_updated"))));
            if (quotes.Count == limit)
            {
                break;
            }
        }

        return quotes;
    }

    /// <summary><c>{"prices":[[ms, price], …], …}</c>, sorted oldest first; points without a price are skipped.</summary>
    private static List<ProviderPricePoint> ParseMarketChart(JsonElement root)
    {
        ProviderHttp.Expect(root, JsonValueKind.Object, "the answer");
        ThrowIfErrorEnvelope(root);
        var prices = ProviderHttp.Expect(ProviderHttp.Property(root, "prices"), JsonValueKind.Array, "prices");
        var points = new List<ProviderPricePoint>();
        foreach (var pair in prices.EnumerateArray())
        {
            ProviderHttp.Expect(pair, JsonValueKind.Array, "a price point");
            if (pair.GetArrayLength() < 2)
            {
                throw new UnexpectedShapeException("a price point has fewer than two values");
            }

            var at = ChartTime(pair[0]);
            if (ProviderHttp.OptionalDecimal(pair[1], "a price point's price") is { } price)
            {
                points.Add(new ProviderPricePoint(at, price));
            }
        }

        return [.. points.OrderBy(p => p.At)];
    }

    /// <summary>Milliseconds since the epoch, as CoinGecko writes them (an integer, sometimes with a fraction).</summary>
    private static DateTimeOffset ChartTime(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var ms) && ms is >= 0 and <= 253402300799999m)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Truncate(ms));
        }

        throw new UnexpectedShapeException($"a price point's time is not a Unix time in milliseconds ({element.ValueKind})");
    }

    /// <summary>CoinGecko answers some failures with 200 and <c>{"status":{"error_code":…,"error_message":…}}</c>.</summary>
    private static void ThrowIfErrorEnvelope(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("status", out var status)
            && status.ValueKind == JsonValueKind.Object
            && status.TryGetProperty("error_code", out var code))
        {
            var message = status.TryGetProperty("error_message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            throw new UnexpectedShapeException($"error {code.GetRawText()}: {message}");
        }
    }

    /// <summary>Optional figures (market cap, change): a surprising type is treated as unknown rather than failing the price.</summary>
    private static decimal? LenientDecimal(JsonElement element)
    {
        try
        {
            return ProviderHttp.OptionalDecimal(element, "an optional figure");
        }
        catch (UnexpectedShapeException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Timestamp(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
}

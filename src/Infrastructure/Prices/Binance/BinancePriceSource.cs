using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Infrastructure.Prices.Http;

namespace PortfolioTracker.Infrastructure.Prices.Binance;

/// <summary>
/// Binance public market data: <c>XXXUSDT</c> pairs, with USDT taken as USD. Coin ids map to pairs through the asset
/// catalog (the asset whose PriceId is the coin id → <c>{Code}USDT</c>); ids without such an asset are absent from
/// answers, and USDT itself is priced at exactly 1 without a request. Only <c>usd</c>; no market caps.
/// </summary>
internal sealed class BinancePriceSource(
    HttpClient http,
    IAssetCatalog assets,
    BinanceInvalidSymbols invalidSymbols,
    TimeProvider clock) : IPriceSource
{
    /// <summary>The provider key (health, resilience).</summary>
    public const string Key = "binance";

    /// <summary>The quote asset of every pair.</summary>
    public const string Quote = "USDT";

    /// <summary>Binance's "Invalid symbol." error code.</summary>
    public const int InvalidSymbolCode = -1121;

    /// <summary>Binance's largest <c>klines</c> page.</summary>
    public const int MaxKlines = 1000;

    private const int FallbackParallelism = 4;

    public string Name => "binance (USDT≈USD)";

    public async Task<IReadOnlyList<ProviderQuote>> GetPricesAsync(IReadOnlyCollection<string> coinIds, string vs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coinIds);
        EnsureUsd(vs);
        var quotes = new List<ProviderQuote>();
        var pairs = new Dictionary<string, (string CoinId, Asset Asset)>(StringComparer.Ordinal);
        var byPriceId = await PriceIdsAsync(cancellationToken);
        foreach (var coinId in coinIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal))
        {
            if (!byPriceId.TryGetValue(coinId.Trim(), out var asset))
            {
                continue;
            }

            if (asset.Code.Value == Quote)
            {
                quotes.Add(new ProviderQuote(coinId, Quote, asset.Name, 1m, null, 0m, clock.GetUtcNow()));
                continue;
            }

            var symbol = asset.Code.Value + Quote;
            if (!invalidSymbols.IsInvalid(symbol))
            {
                pairs.TryAdd(symbol, (coinId, asset));
            }
        }

        if (pairs.Count == 0)
        {
            return quotes;
        }

        var tickers = await TickersAsync([.. pairs.Keys], cancellationToken);
        foreach (var ticker in tickers)
        {
            if (pairs.TryGetValue(ticker.Symbol, out var pair) && ticker.LastPrice > 0)
            {
                quotes.Add(new ProviderQuote(pair.CoinId, pair.Asset.Code.Value, pair.Asset.Name, ticker.LastPrice, null, ticker.ChangePercent, ticker.CloseTime));
            }
        }

        return quotes;
    }

    public Task<IReadOnlyList<ProviderQuote>> GetMarketsAsync(string vs, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Name} has no market capitalisations.");

    /// <summary>Hourly closes for up to two days, daily closes beyond; oldest first. An unmapped or unlisted coin gives an empty list.</summary>
    public async Task<IReadOnlyList<ProviderPricePoint>> GetHistoryAsync(string coinId, string vs, int days, CancellationToken cancellationToken)
    {
        EnsureUsd(vs);
        if (string.IsNullOrWhiteSpace(coinId) || !(await PriceIdsAsync(cancellationToken)).TryGetValue(coinId.Trim(), out var asset))
        {
            return [];
        }

        var span = Math.Max(1, days);
        if (asset.Code.Value == Quote)
        {
            var now = clock.GetUtcNow();
            return [new ProviderPricePoint(now.AddDays(-span), 1m), new ProviderPricePoint(now, 1m)];
        }

        var symbol = asset.Code.Value + Quote;
        var (interval, limit) = span <= 2 ? ("1h", (span * 24) + 1) : ("1d", span + 1);
        var uri = string.Create(
            CultureInfo.InvariantCulture,
            $"api/v3/klines?symbol={Uri.EscapeDataString(symbol)}&interval={interval}&limit={Math.Min(limit, MaxKlines)}");
        using var response = await ProviderHttp.GetAsync(http, Name, uri, ParseKlines, cancellationToken);
        if (await IsInvalidSymbolAsync(response, cancellationToken))
        {
            invalidSymbols.MarkInvalid(symbol);
            return [];
        }

        if (!response.IsSuccessStatusCode)
        {
            throw ProviderHttp.Unsuccessful(Name, response);
        }

        return await ProviderHttp.ParsedAsync<List<ProviderPricePoint>>(response, Name, cancellationToken);
    }

    private void EnsureUsd(string vs)
    {
        if (!string.Equals(vs?.Trim(), "usd", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"{Name} only prices in usd (USDT pairs), not in '{vs}'.");
        }
    }

    private async Task<Dictionary<string, Asset>> PriceIdsAsync(CancellationToken cancellationToken)
    {
        var all = await assets.ListAsync(cancellationToken);
        var byPriceId = new Dictionary<string, Asset>(StringComparer.OrdinalIgnoreCase);
        foreach (var asset in all.Where(a => a.PriceId is not null))
        {
            byPriceId.TryAdd(asset.PriceId!, asset);
        }

        return byPriceId;
    }

    /// <summary>
    /// The 24h tickers of many pairs in one request. When Binance refuses the whole batch because a pair does not exist
    /// (-1121), each pair is asked alone, the missing ones are remembered and left out of later batches.
    /// </summary>
    private async Task<IReadOnlyCollection<Ticker>> TickersAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        // Pairs are asset codes (ASCII letters and digits) + USDT: nothing in them needs JSON escaping.
        var list = "[" + string.Join(',', symbols.Select(s => $"\"{s}\"")) + "]";
        using (var response = await ProviderHttp.GetAsync(
            http, Name, $"api/v3/ticker/24hr?symbols={Uri.EscapeDataString(list)}", ParseTickers, cancellationToken))
        {
            if (!await IsInvalidSymbolAsync(response, cancellationToken))
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw ProviderHttp.Unsuccessful(Name, response);
                }

                return await ProviderHttp.ParsedAsync<List<Ticker>>(response, Name, cancellationToken);
            }
        }

        if (symbols.Count == 1)
        {
            invalidSymbols.MarkInvalid(symbols[0]);
            return [];
        }

        var found = new ConcurrentBag<Ticker>();
        await Parallel.ForEachAsync(
            symbols,
            new ParallelOptions { MaxDegreeOfParallelism = FallbackParallelism, CancellationToken = cancellationToken },
            async (symbol, token) =>
            {
                using var response = await ProviderHttp.GetAsync(http, Name, $"api/v3/ticker/24hr?symbol={Uri.EscapeDataString(symbol)}", ParseTicker, token);
                if (await IsInvalidSymbolAsync(response, token))
                {
                    invalidSymbols.MarkInvalid(symbol);
                    return;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw ProviderHttp.Unsuccessful(Name, response);
                }

                found.Add(await ProviderHttp.ParsedAsync<Ticker>(response, Name, token));
            });
        return found;
    }

    /// <summary>A 400 answer with <c>{"code":-1121,"msg":"Invalid symbol."}</c>.</summary>
    private static async Task<bool> IsInvalidSymbolAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(body, default, cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.Number
                && code.TryGetInt32(out var value)
                && value == InvalidSymbolCode;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary><c>{"symbol":"BTCUSDT","lastPrice":"64250.12000000","priceChangePercent":"2.310","closeTime":1700000000000,…}</c>.</summary>
    private static List<Ticker> ParseTickers(JsonElement root) =>
        [.. ProviderHttp.Expect(root, JsonValueKind.Array, "the answer").EnumerateArray().Select(ParseTicker)];

    private static Ticker ParseTicker(JsonElement element)
    {
        ProviderHttp.Expect(element, JsonValueKind.Object, "a ticker");
        var symbol = ProviderHttp.Expect(ProviderHttp.Property(element, "symbol"), JsonValueKind.String, "a ticker's symbol").GetString()!;
        return new Ticker(
            symbol,
            ProviderHttp.RequiredDecimal(ProviderHttp.Property(element, "lastPrice"), $"{symbol}.lastPrice"),
            ProviderHttp.OptionalDecimal(ProviderHttp.Property(element, "priceChangePercent"), $"{symbol}.priceChangePercent"),
            ProviderHttp.FromUnixMilliseconds(ProviderHttp.Property(element, "closeTime")));
    }

    /// <summary><c>[[openTime, "open", "high", "low", "close", "volume", closeTime, …], …]</c> → (open time, close), oldest first.</summary>
    private static List<ProviderPricePoint> ParseKlines(JsonElement root)
    {
        ProviderHttp.Expect(root, JsonValueKind.Array, "the answer");
        var points = new List<ProviderPricePoint>();
        foreach (var kline in root.EnumerateArray())
        {
            ProviderHttp.Expect(kline, JsonValueKind.Array, "a kline");
            if (kline.GetArrayLength() < 5)
            {
                throw new UnexpectedShapeException("a kline has fewer than five values");
            }

            var openTime = ProviderHttp.FromUnixMilliseconds(kline[0]) ?? throw new UnexpectedShapeException("a kline's open time is not a Unix time in milliseconds");
            points.Add(new ProviderPricePoint(openTime, ProviderHttp.RequiredDecimal(kline[4], "a kline's close")));
        }

        return [.. points.OrderBy(p => p.At)];
    }

    private sealed record Ticker(string Symbol, decimal LastPrice, decimal? ChangePercent, DateTimeOffset? CloseTime);
}

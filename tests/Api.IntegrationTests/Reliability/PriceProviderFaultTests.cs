using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PortfolioTracker.Api.IntegrationTests.Concurrency;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Prices.Providers;
using PortfolioTracker.Api.IntegrationTests.Telemetry;
using Xunit.Abstractions;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// Issue 9: price-provider faults under load. The API runs as a real process whose CoinGecko and Binance (the
/// fallback) are two <see cref="FakeUpstream"/>s. The fakes cycle through phases — healthy, timeouts (they hang past
/// the attempt timeout), 429 with <c>Retry-After</c>, 500s, malformed bodies, dropped connections — for
/// <c>PT_PRICE_FAULT_SECONDS</c> (default 20; build/reliability.sh: 120), then stay healthy; Binance answers during the
/// 429 phase (the fallback is seen working) and fails like CoinGecko in the others. Meanwhile 16 clients read single
/// prices, bulk prices and portfolios that hold coins, known and unknown. What must hold: no answer ≥ 500 but the
/// documented 503 <c>price_unavailable</c> (with <c>Retry-After</c>) for a coin no provider ever priced; every error a
/// problem document; a coin priced once is always answered (stale at worst), in bulk items and portfolio lines too; a
/// price older than the cache TTL is flagged <c>stale</c>, and prices are fresh again after the recovery; the breakers
/// open (<c>portfoliotracker_prices_provider_circuit_state</c> 2 on <c>/metrics</c>) and close again; in no sliding
/// minute does a fake receive more requests than the configured budget, nor more in all than the API counts as sent.
/// </summary>
public sealed class PriceProviderFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 16;
    private const int Users = 4;
    private const int BudgetPerMinute = 30;
    private const int CacheTtlSeconds = 3;
    private const int AttemptTimeoutSeconds = 1;
    private const string CoinGeckoPrices = "/api/v3/simple/price";
    private const string BinanceTickers = "/api/v3/ticker/24hr";
    private const string CircuitState = "portfoliotracker_prices_provider_circuit_state";
    private static readonly TimeSpan BudgetWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    /// <summary>A price is fresh when fetched within the TTL; the slack covers the serialised time's rounding.</summary>
    private static readonly TimeSpan FreshSlack = TimeSpan.FromMilliseconds(50);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Coins of the seeded asset catalog (so Binance can price them too): CoinGecko id, Binance pair, base price.</summary>
    private static readonly (string Id, string Pair, decimal Price)[] KnownCoins =
    [
        ("bitcoin", "BTCUSDT", 64_250.12m),
        ("ethereum", "ETHUSDT", 3_120.5m),
        ("solana", "SOLUSDT", 142.25m),
        ("ripple", "XRPUSDT", 0.6123m),
        ("cardano", "ADAUSDT", 0.4521m),
        ("dogecoin", "DOGEUSDT", 0.1234m),
    ];

    /// <summary>Ids no provider knows (CoinGecko answers without them; they are not in the catalog).</summary>
    private static readonly string[] UnknownCoins = ["no-such-coin-a", "no-such-coin-b"];

    /// <summary>What each user holds (asset, amount): the portfolio prices BTC, ETH and SOL.</summary>
    private static readonly (string Asset, string Amount)[] Holdings = [("BTC", "1.50000000"), ("ETH", "10.000000000000000000"), ("SOL", "100.000000000"), ("USD", "1000.00")];

    /// <summary>
    /// Bodies CoinGecko's parser must refuse, <c>{id}</c> standing for the first id asked. A well-formed answer that
    /// merely lacks the ids asked is not malformed: it says the coins do not exist (404 by design), so none is here.
    /// </summary>
    private static readonly string[] MalformedCoinGeckoBodies =
        ["""{"{id}":{"usd":6425""", "<html><body>Bad gateway</body></html>", string.Empty, "[1,2,3]", """{"{id}":"many"}""", "null", """{"{id}":{"usd":"lots"}}"""];

    private static readonly string[] MalformedBinanceBodies =
        ["""[{"symbol":"BTCUSDT","lastPrice":""", "<html>oops</html>", string.Empty, "{}", """[{"symbol":42}]""", "null"];

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, int> statusCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> itemCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> staleByPhase = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> upstreamByPhase = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> violations = new();
    private readonly ConcurrentQueue<(TimeSpan At, string Provider, double From, double To, string Phase)> transitions = new();
    private readonly ConcurrentBag<double> latencies = [];
    private readonly ConcurrentDictionary<string, DateTimeOffset> freshSince = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> circuits = new(StringComparer.Ordinal);
    private readonly List<(string Phase, TimeSpan Start)> phaseLog = [];
    private volatile string phase = "healthy";
    private int phaseNumber;
    private int requests;
    private int staleAnswers;
    private int staleOlderThanTtl;
    private int malformedTurn;
    private DateTimeOffset recoveryStarted = DateTimeOffset.MaxValue;
    private string database = string.Empty;

    public async Task InitializeAsync() => database = await PostgresServer.CreateDatabaseAsync("pt_pricefault");

    public async Task DisposeAsync() => await PostgresServer.DropDatabaseAsync(database);

    [Fact]
    public async Task FaultCyclesUnderLoad_NeverFail_FlagStalePrices_ShowTheBreakers_AndKeepTheBudget()
    {
        var duration = TimeSpan.FromSeconds(FaultSeconds());
        var phaseLength = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 6, 3, 5));
        var cycles = Math.Max(1, (int)Math.Round(duration.TotalSeconds / (6 * phaseLength.TotalSeconds)));
        await using var coinGecko = await FakeUpstream.StartAsync();
        await using var binance = await FakeUpstream.StartAsync();
        coinGecko.Otherwise = CoinGecko;
        binance.Otherwise = Binance;
        await using var api = await ApiProcess.StartAsync(database, Settings(coinGecko, binance));
        using var http = api.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(60);

        // Setup: users holding coins; every known coin priced once while the providers are healthy.
        var users = new List<TestUser>();
        for (var u = 0; u < Users; u++)
        {
            var user = await http.RegisterAndLoginAsync($"pricefault{u}");
            var account = await http.OpenAccountAsync(user, "coins");
            foreach (var (asset, amount) in Holdings)
            {
                (await http.SendAsync(user, "/api/v1/transactions/credit", new { accountId = account, asset, amount, description = "holding" }, $"hold-{account}-{asset}"))
                    .StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
            }

            users.Add(user);
        }

        var warm = await (await http.PostJsonAsync("/api/v1/prices/bulk", new { coins = KnownCoins.Select(c => c.Id).ToArray() }, users[0].AccessToken)).ShouldBeAsync(200);
        warm["successCount"]!.GetValue<int>().ShouldBe(KnownCoins.Length, warm.ToJsonString());
        (await http.GetAsync("/api/v1/portfolio", users[0].AccessToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);

        // Breaker states, from /metrics, every 200 ms until the end.
        using var stopWatching = new CancellationTokenSource();
        var watcher = Task.Run(() => WatchCircuitsAsync(http, stopWatching.Token));

        // Load: clients until told to stop; phases meanwhile.
        using var stopLoad = new CancellationTokenSource();
        var seed = Environment.TickCount & int.MaxValue;
        var load = Enumerable.Range(0, Clients)
            .Select(c => Task.Run(() => RunClientAsync(http, users[c % Users], new Random(seed + c), stopLoad.Token)))
            .ToArray();
        var faults = new[] { "timeouts", "429 Retry-After", "500s", "malformed bodies", "connection resets" };
        var loadStart = clock.Elapsed;
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            foreach (var next in new[] { "healthy" }.Concat(faults))
            {
                EnterPhase(next);
                await Task.Delay(phaseLength);
            }
        }

        // Recovery: healthy until both circuits are closed and every known coin was answered fresh again.
        EnterPhase("recovery");
        recoveryStarted = DateTimeOffset.UtcNow;
        var recovery = Stopwatch.StartNew();
        while (recovery.Elapsed < RecoveryLimit && !(Recovered() && KnownCoins.All(c => freshSince.ContainsKey(c.Id))))
        {
            await Task.Delay(250);
        }

        var recoveredAfter = recovery.Elapsed;
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);
        var loadSeconds = (clock.Elapsed - loadStart).TotalSeconds;

        // Received before the scrape: the API counts a request before sending it, so its count can only be higher.
        var coinGeckoReceived = coinGecko.RequestCount;
        var binanceReceived = binance.RequestCount;
        var finalMetrics = await ScrapeAsync(http);
        await stopWatching.CancelAsync();
        await watcher;

        // Figures.
        var sorted = latencies.OrderBy(l => l).ToArray();
        var coinGeckoWindow = MaxInWindow(coinGecko.Requests);
        var binanceWindow = MaxInWindow(binance.Requests);
        output.WriteLine(FormattableString.Invariant(
            $"{duration.TotalSeconds:0} s configured: {cycles} cycle(s) of healthy + {faults.Length} faults, {phaseLength.TotalSeconds:0.#} s each, then recovery; {Clients} clients, seed {seed}"));
        output.WriteLine("phases: " + string.Join(" → ", phaseLog.Select(p => FormattableString.Invariant($"{p.Phase} @{p.Start.TotalSeconds:0.0}s"))));
        output.WriteLine(FormattableString.Invariant(
            $"requests: {requests} in {loadSeconds:0.0} s = {requests / loadSeconds:0} req/s; latency p50 {Percentile(sorted, 0.5):0} ms, p99 {Percentile(sorted, 0.99):0} ms, max {(sorted.Length == 0 ? 0 : sorted[^1]):0} ms"));
        output.WriteLine("statuses: " + Join(statusCounts));
        output.WriteLine("bulk items and portfolio lines: " + Join(itemCounts));
        output.WriteLine(FormattableString.Invariant(
            $"stale answers: {staleAnswers} ({staleOlderThanTtl} with a fetchedAt older than the {CacheTtlSeconds} s TTL); by phase: {Join(staleByPhase)}"));
        output.WriteLine("prices by source: " + Join(sources));
        output.WriteLine(FormattableString.Invariant(
            $"upstream requests: coingecko {coinGecko.RequestCount} (max {coinGeckoWindow} in any {BudgetWindow.TotalSeconds:0} s window), binance {binance.RequestCount} (max {binanceWindow}); budget {BudgetPerMinute}/min each"));
        output.WriteLine("upstream requests by phase: " + Join(upstreamByPhase));
        output.WriteLine("breaker transitions (/metrics, 0 closed, 1 half-open, 2 open): " + (transitions.IsEmpty
            ? "none"
            : string.Join(", ", transitions.Select(t => FormattableString.Invariant($"{t.Provider} {t.From}→{t.To} @{t.At.TotalSeconds:0.0}s ({t.Phase})")))));
        output.WriteLine("provider counters: " + string.Join(", ", finalMetrics
            .Where(m => m.Key.StartsWith("portfoliotracker_prices_provider_", StringComparison.Ordinal))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => FormattableString.Invariant($"{m.Key["portfoliotracker_prices_provider_".Length..]} {m.Value}"))));
        output.WriteLine(FormattableString.Invariant($"recovered (circuits closed, every known coin fresh) {recoveredAfter.TotalSeconds:0.0} s after the faults ended"));

        // Assertions.
        violations.ShouldBeEmpty($"{violations.Count} violations:\n" + string.Join('\n', violations.Take(15)) + "\nAPI:\n" + api.Tail(30));
        api.HasExited.ShouldBeFalse();
        coinGeckoWindow.ShouldBeLessThanOrEqualTo(BudgetPerMinute, "CoinGecko requests in a sliding minute");
        binanceWindow.ShouldBeLessThanOrEqualTo(BudgetPerMinute, "Binance requests in a sliding minute");

        // Nothing reached a fake that the API did not send itself (e.g. a transparent resend after a reset, no token spent).
        coinGeckoReceived.ShouldBeLessThanOrEqualTo((int)finalMetrics["portfoliotracker_prices_provider_requests_total{provider=\"coingecko\"}"]);
        binanceReceived.ShouldBeLessThanOrEqualTo((int)finalMetrics["portfoliotracker_prices_provider_requests_total{provider=\"binance\"}"]);
        transitions.ShouldContain(t => t.Provider == "coingecko" && t.To == 2, "CoinGecko's circuit opened during the faults");
        Recovered().ShouldBeTrue($"both circuits closed within {RecoveryLimit.TotalSeconds:0} s of the recovery: {Join(CircuitValues(finalMetrics))}");
        KnownCoins.Where(c => !freshSince.ContainsKey(c.Id)).Select(c => c.Id).ShouldBeEmpty("coins never answered fresh after the recovery");
        staleAnswers.ShouldBeGreaterThan(0, "stale answers during the faults");
        statusCounts.Keys.ShouldContain("price 200");
        statusCounts.Keys.ShouldContain("bulk 200");
        statusCounts.Keys.ShouldContain("portfolio 200");
    }

    private static Dictionary<string, string?> Settings(FakeUpstream coinGecko, FakeUpstream binance)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Prices:Provider"] = "CoinGecko",
            ["Prices:Fallbacks:0"] = "Binance",
            ["Prices:CoinGecko:BaseUrl"] = coinGecko.Url("api/v3"),
            ["Prices:Binance:BaseUrl"] = binance.Url(),
            ["Prices:CacheTtlSeconds"] = CacheTtlSeconds.ToString(CultureInfo.InvariantCulture),
            ["Prices:NegativeCacheSeconds"] = "5",
            ["Prices:RefreshEnabled"] = "true",
            ["Prices:RefreshIntervalSeconds"] = "2",
            ["Jwt:AccessTokenMinutes"] = "60",
        };
        foreach (var provider in new[] { "CoinGecko", "Binance" })
        {
            settings[$"Prices:{provider}:RequestsPerMinute"] = BudgetPerMinute.ToString(CultureInfo.InvariantCulture);
            settings[$"Prices:{provider}:AttemptTimeoutSeconds"] = AttemptTimeoutSeconds.ToString(CultureInfo.InvariantCulture);
            settings[$"Prices:{provider}:TotalTimeoutSeconds"] = "4";
            settings[$"Prices:{provider}:MaxRetries"] = "2";
            settings[$"Prices:{provider}:RetryBaseDelayMilliseconds"] = "100";
            settings[$"Prices:{provider}:BreakerFailureRatio"] = "0.5";
            settings[$"Prices:{provider}:BreakerMinimumThroughput"] = "4";
            settings[$"Prices:{provider}:BreakerSamplingSeconds"] = "10";
            settings[$"Prices:{provider}:BreakDurationSeconds"] = "2";
        }

        return settings;
    }

    private void EnterPhase(string name)
    {
        phase = name;
        Interlocked.Increment(ref phaseNumber);
        phaseLog.Add((name, clock.Elapsed));
    }

    /// <summary>The fake CoinGecko: <c>simple/price</c> for the known coins, or the phase's fault.</summary>
    private Task CoinGecko(HttpContext context)
    {
        Count(upstreamByPhase, $"coingecko {phase}");
        var fault = Fault(context, MalformedCoinGeckoBodies);
        if (fault is not null)
        {
            return fault(context);
        }

        if (context.Request.Path.Value != CoinGeckoPrices)
        {
            return FakeUpstream.Status(404)(context);
        }

        var ids = context.Request.Query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var body = new JsonObject();
        foreach (var coin in KnownCoins.Where(c => ids.Contains(c.Id, StringComparer.Ordinal)))
        {
            body[coin.Id] = new JsonObject
            {
                ["usd"] = PriceNow(coin.Price),
                ["usd_market_cap"] = 1_000_000_000m,
                ["usd_24h_change"] = 1.5m,
                ["last_updated_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            };
        }

        return FakeUpstream.Json(body.ToJsonString())(context);
    }

    /// <summary>The fake Binance: 24h tickers of the known pairs, or the phase's fault (it answers during the 429 phase).</summary>
    private Task Binance(HttpContext context)
    {
        Count(upstreamByPhase, $"binance {phase}");
        var fault = phase == "429 Retry-After" ? null : Fault(context, MalformedBinanceBodies);
        if (fault is not null)
        {
            return fault(context);
        }

        if (context.Request.Path.Value != BinanceTickers)
        {
            return FakeUpstream.Status(404)(context);
        }

        var asked = context.Request.Query["symbols"].ToString() + context.Request.Query["symbol"].ToString();
        var tickers = new JsonArray();
        foreach (var coin in KnownCoins.Where(c => asked.Contains(c.Pair, StringComparison.Ordinal)))
        {
            tickers.Add(new JsonObject
            {
                ["symbol"] = coin.Pair,
                ["priceChangePercent"] = "1.20",
                ["lastPrice"] = PriceNow(coin.Price).ToString(CultureInfo.InvariantCulture),
                ["closeTime"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            });
        }

        return context.Request.Query.ContainsKey("symbol") && tickers.Count == 1
            ? FakeUpstream.Json(tickers[0]!.ToJsonString())(context)
            : FakeUpstream.Json(tickers.ToJsonString())(context);
    }

    /// <summary>The responder of the current fault phase, or null when healthy.</summary>
    private Func<HttpContext, Task>? Fault(HttpContext context, string[] malformed) => phase switch
    {
        "timeouts" => FakeUpstream.Delayed(TimeSpan.FromSeconds(AttemptTimeoutSeconds + 5), FakeUpstream.Status(504)),
        "429 Retry-After" => FakeUpstream.Status(429, retryAfter: "1", body: """{"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit."}}"""),
        "500s" => FakeUpstream.Status(context.Request.Path.Value!.Length % 2 == 0 ? 500 : 502, body: """{"error":"internal"}"""),
        "malformed bodies" => FakeUpstream.Json(malformed[(Interlocked.Increment(ref malformedTurn) & int.MaxValue) % malformed.Length]
            .Replace("{id}", context.Request.Query["ids"].ToString().Split(',')[0], StringComparison.Ordinal)),
        "connection resets" => FakeUpstream.Reset(),
        _ => null,
    };

    /// <summary>A price that moves with the phase, so a stale answer is visibly an older one.</summary>
    private decimal PriceNow(decimal basePrice) => Math.Round(basePrice * (1 + (Volatile.Read(ref phaseNumber) / 1000m)), 8);

    private async Task RunClientAsync(HttpClient http, TestUser user, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var roll = random.Next(100);
            if (roll < 35)
            {
                await GetPriceAsync(http, user, KnownCoins[random.Next(KnownCoins.Length)].Id, known: true);
            }
            else if (roll < 45)
            {
                await GetPriceAsync(http, user, UnknownCoins[random.Next(UnknownCoins.Length)], known: false);
            }
            else if (roll < 75)
            {
                var coins = KnownCoins.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(c => c.Id)
                    .Concat(random.Next(2) == 0 ? [UnknownCoins[random.Next(UnknownCoins.Length)]] : [])
                    .ToArray();
                await BulkAsync(http, user, coins, random.Next(3) == 0 ? 500 : null);
            }
            else
            {
                await PortfolioAsync(http, user);
            }

            try
            {
                await Task.Delay(random.Next(0, 50), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task GetPriceAsync(HttpClient http, TestUser user, string coin, bool known)
    {
        var (answer, sentAt) = await SendAsync(http, user, "price", HttpMethod.Get, $"/api/v1/prices/{coin}", null);
        switch (answer)
        {
            case { Status: 200 } when known:
                CheckPrice(answer.Body!, coin, sentAt, $"GET {coin}");
                break;
            case { Status: 404, Code: "not_found" } when !known:
                break;
            case { Status: 503, Code: "price_unavailable", RetryAfter: true } when !known:
                // The contract's answer for a coin no provider could price and nothing is known of.
                break;
            case { Status: not 0 }:
                violations.Enqueue($"GET {coin} ({(known ? "priced before" : "unknown")}) in phase {phase}: {answer}");
                break;
        }
    }

    private async Task BulkAsync(HttpClient http, TestUser user, string[] coins, int? timeoutMs)
    {
        var (answer, sentAt) = await SendAsync(http, user, "bulk", HttpMethod.Post, "/api/v1/prices/bulk", new { coins, timeoutMs });
        if (answer.Status == 0)
        {
            return;
        }

        if (answer.Status != 200 || answer.Body?["items"] is not JsonArray items || items.Count != coins.Length)
        {
            violations.Enqueue($"bulk [{string.Join(',', coins)}] in phase {phase}: {answer} {answer.Body?.ToJsonString()}");
            return;
        }

        foreach (var item in items.Select(i => i!))
        {
            var coin = item["coinId"]?.GetValue<string>() ?? "?";
            var known = KnownCoins.Any(c => c.Id == coin);
            if (item["error"] is JsonObject error)
            {
                var code = error["code"]?.GetValue<string>();
                Count(itemCounts, $"bulk item {code}");
                if (known || code is not ("not_found" or "price_unavailable" or "price_timeout"))
                {
                    violations.Enqueue($"bulk item {coin} in phase {phase}: error {error.ToJsonString()}");
                }
            }
            else
            {
                Count(itemCounts, "bulk item priced");
                if (!known)
                {
                    violations.Enqueue($"bulk item {coin} (unknown) priced: {item.ToJsonString()}");
                }
                else
                {
                    CheckPrice(item, coin, sentAt, "bulk item");
                }
            }
        }
    }

    private async Task PortfolioAsync(HttpClient http, TestUser user)
    {
        var (answer, _) = await SendAsync(http, user, "portfolio", HttpMethod.Get, "/api/v1/portfolio", null);
        if (answer.Status == 0)
        {
            return;
        }

        if (answer.Status != 200 || answer.Body?["holdings"] is not JsonArray holdings)
        {
            violations.Enqueue($"portfolio in phase {phase}: {answer}");
            return;
        }

        var assets = holdings.Select(h => h!["asset"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
        if (!assets.SequenceEqual(Holdings.Select(h => h.Asset).Order(StringComparer.Ordinal)))
        {
            violations.Enqueue($"portfolio lines {string.Join(',', assets)}");
        }

        foreach (var holding in holdings.Select(h => h!))
        {
            var stale = holding["stale"]?.GetValue<bool>() == true;
            var hasError = holding["error"] is JsonObject;
            var hasValue = holding["value"] is JsonValue;
            Count(itemCounts, hasError ? $"portfolio line {holding["error"]!["code"]}" : stale ? "portfolio line stale" : "portfolio line fresh");
            if (stale)
            {
                Interlocked.Increment(ref staleAnswers);
                Count(staleByPhase, phase);
            }

            // Every coin held was priced before the faults: its line always has a value (stale at worst).
            if (hasError || !hasValue)
            {
                violations.Enqueue($"portfolio line {holding.ToJsonString()} in phase {phase}");
            }
        }
    }

    /// <summary>
    /// A price answer of a coin: unflagged only when fetched within the TTL before the request was sent; a stale one
    /// keeps the time it was really fetched (in the past).
    /// </summary>
    private void CheckPrice(JsonNode price, string coin, DateTimeOffset sentAt, string what)
    {
        var fetchedAt = DateTimeOffset.Parse(price["fetchedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        var stale = price["stale"]!.GetValue<bool>();
        var source = price["source"]?.GetValue<string>() ?? "?";
        Count(sources, source);
        if (price["coinId"]?.GetValue<string>() != coin || price["price"] is not JsonValue)
        {
            violations.Enqueue($"{what}: not a price of {coin}: {price.ToJsonString()}");
            return;
        }

        if (stale)
        {
            Interlocked.Increment(ref staleAnswers);
            Count(staleByPhase, phase);
            if (fetchedAt + TimeSpan.FromSeconds(CacheTtlSeconds) <= sentAt + FreshSlack)
            {
                Interlocked.Increment(ref staleOlderThanTtl);
            }

            if (fetchedAt > DateTimeOffset.UtcNow + FreshSlack)
            {
                violations.Enqueue($"{what}: stale {coin} fetched in the future: {price.ToJsonString()}");
            }

            return;
        }

        if (fetchedAt + TimeSpan.FromSeconds(CacheTtlSeconds) + FreshSlack < sentAt)
        {
            violations.Enqueue(FormattableString.Invariant(
                $"{what}: {coin} fetched at {fetchedAt:O}, more than {CacheTtlSeconds} s before the request ({sentAt:O}), not flagged stale: {price.ToJsonString()}"));
        }

        if (sentAt >= recoveryStarted)
        {
            freshSince.TryAdd(coin, sentAt);
        }
    }

    /// <summary>One exchange; counts it; an answer ≥ 500 other than 503 price_unavailable, a non-problem error or no answer is a violation.</summary>
    private async Task<(Answer Answer, DateTimeOffset SentAt)> SendAsync(HttpClient http, TestUser user, string kind, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        Interlocked.Increment(ref requests);
        var sentAt = DateTimeOffset.UtcNow;
        var start = clock.Elapsed;
        Answer answer;
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var json = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null;
            answer = new Answer(status, status >= 400 ? json?["code"]?.GetValue<string>() : null, response.Headers.RetryAfter is not null, json, status >= 400 ? text : null);
            if (status >= 400)
            {
                CheckProblem(kind, path, response, json, text);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            answer = new Answer(0, null, false, null, exception.GetType().Name + ": " + exception.Message);
        }

        var elapsed = clock.Elapsed - start;
        latencies.Add(elapsed.TotalMilliseconds);
        Count(statusCounts, answer.Status == 0 ? $"{kind} no answer" : answer.Code is null ? FormattableString.Invariant($"{kind} {answer.Status}") : FormattableString.Invariant($"{kind} {answer.Status} {answer.Code}"));
        if (answer.Status == 0 || (answer.Status >= 500 && !(answer.Status == 503 && answer.Code == "price_unavailable")))
        {
            violations.Enqueue($"{method} {path} in phase {phase}: {answer}");
        }

        if (elapsed > HangLimit)
        {
            violations.Enqueue(FormattableString.Invariant($"{method} {path} in phase {phase} took {elapsed.TotalSeconds:0.0} s"));
        }

        return (answer, sentAt);
    }

    /// <summary>Every error answer is an RFC 9457 problem document whose status is the HTTP status.</summary>
    private void CheckProblem(string kind, string path, HttpResponseMessage response, JsonNode? problem, string text)
    {
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || problem is null
            || problem["status"]?.GetValue<int>() != status || problem["code"] is null || problem["title"] is null || problem["type"] is null
            || problem["traceId"] is null)
        {
            violations.Enqueue($"{kind} {path}: {status} is not a problem document: {response.Content.Headers.ContentType} {text}");
        }
    }

    private async Task WatchCircuitsAsync(HttpClient http, CancellationToken stop)
    {
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var (provider, value) in CircuitValues(await ScrapeAsync(http, stop)))
                {
                    var from = last.TryGetValue(provider, out var before) ? before : 0;
                    if (from != value)
                    {
                        transitions.Enqueue((clock.Elapsed, provider, from, value, phase));
                    }

                    last[provider] = value;
                    circuits[provider] = value;
                }

                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException exception)
            {
                violations.Enqueue($"GET /metrics: {exception.Message}");
            }
        }
    }

    /// <summary>Both providers' circuits closed, as last seen on /metrics.</summary>
    private bool Recovered() => circuits.Count == 2 && circuits.Values.All(v => v == 0);

    private static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        return PrometheusExposition.Samples(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static Dictionary<string, double> CircuitValues(Dictionary<string, double> samples) =>
        samples.Where(s => s.Key.StartsWith(CircuitState + "{", StringComparison.Ordinal))
            .ToDictionary(s => s.Key[(CircuitState.Length + "{provider=\"".Length)..^2], s => s.Value, StringComparer.Ordinal);

    /// <summary>The most requests that arrived within any <see cref="BudgetWindow"/> (sliding, starting at each request).</summary>
    private static int MaxInWindow(IReadOnlyList<ReceivedRequest> received)
    {
        var times = received.Select(r => r.Timestamp).Order().ToArray();
        var window = (long)(BudgetWindow.TotalSeconds * Stopwatch.Frequency);
        var max = 0;
        var first = 0;
        for (var last = 0; last < times.Length; last++)
        {
            while (times[last] - times[first] >= window)
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        return max;
    }

    private static void Count(ConcurrentDictionary<string, int> counts, string key) => counts.AddOrUpdate(key, 1, (_, c) => c + 1);

    private static string Join<T>(IEnumerable<KeyValuePair<string, T>> counts) =>
        string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => FormattableString.Invariant($"{p.Key}: {p.Value}")));

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static double FaultSeconds() =>
        double.TryParse(Environment.GetEnvironmentVariable("PT_PRICE_FAULT_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : 20;

    /// <summary>One answer: status (0: none), problem code, whether Retry-After was sent, the JSON body, the text of errors.</summary>
    private sealed record Answer(int Status, string? Code, bool RetryAfter, JsonNode? Body, string? Error)
    {
        public override string ToString() =>
            $"{(Status == 0 ? "no answer" : Status.ToString(CultureInfo.InvariantCulture))} {Code}{(RetryAfter ? " (Retry-After)" : string.Empty)} {Error}";
    }
}

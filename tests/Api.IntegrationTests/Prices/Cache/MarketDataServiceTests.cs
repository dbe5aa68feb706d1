using System.Diagnostics;
using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Cache;

/// <summary>The price cache in front of the providers: freshness, single flight, batching, stale serving, deadlines, bounds.</summary>
public sealed class MarketDataServiceTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NegativeTtl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GetPrices_500ConcurrentCallersOfOneCoin_ShareOneUpstreamCall()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 95_000m).Close();

        var callers = Enumerable.Range(0, 500)
            .Select(_ => Task.Run(() => harness.Market.GetPricesAsync(["bitcoin"], "usd", null, CancellationToken.None)))
            .ToList();
        await Eventually(() => harness.Market.Stats().Misses == 500, "all 500 callers missed the cache while the upstream was held");
        harness.Primary.PriceCalls.Count.ShouldBe(1);
        harness.Primary.Open();
        var answers = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));

        answers.Length.ShouldBe(500);
        answers.ShouldAllBe(a => a.Count == 1 && a["bitcoin"].Price!.Price == 95_000m && !a["bitcoin"].Price!.Stale);
        harness.Primary.PriceCalls.Count.ShouldBe(1);
        harness.Primary.PriceCalls[0].ShouldBe(["bitcoin"]);
        harness.Market.Stats().Entries.ShouldBe(1);
    }

    [Fact]
    public async Task GetPrices_ABulkOf50DistinctCoins_AsksTheProviderOnceForAllOfThem()
    {
        var harness = MarketHarness.Create();
        var coins = Enumerable.Range(0, 50).Select(i => $"coin-{i:00}").ToList();
        foreach (var (coin, i) in coins.Select((c, i) => (c, i)))
        {
            harness.Primary.With(coin, 1m + i);
        }

        var answers = await harness.Market.GetPricesAsync([.. coins, coins[0], coins[49]], "usd", null, CancellationToken.None);

        harness.Primary.PriceCalls.Count.ShouldBe(1);
        harness.Primary.PriceCalls[0].ShouldBe(coins, ignoreOrder: true);
        answers.Count.ShouldBe(50);
        foreach (var (coin, i) in coins.Select((c, i) => (c, i)))
        {
            answers[coin].Price!.Price.ShouldBe(1m + i);
            answers[coin].Price!.Source.ShouldBe("fake");
        }

        var stats = harness.Market.Stats();
        stats.Misses.ShouldBe(50);
        stats.Entries.ShouldBe(50);
    }

    [Fact]
    public async Task GetPrices_ARequestOverlappingOneInFlight_WaitsForItAndFetchesOnlyItsOtherMisses()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("a", 1m).With("b", 2m).With("c", 3m).Close();

        var firstArrived = harness.Primary.Called;
        var first = Task.Run(() => harness.Market.GetPricesAsync(["a", "b"], "usd", null, CancellationToken.None));
        await firstArrived.WaitAsync(TimeSpan.FromSeconds(10));
        var secondArrived = harness.Primary.Called;
        var second = Task.Run(() => harness.Market.GetPricesAsync(["b", "c"], "usd", null, CancellationToken.None));
        await secondArrived.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Primary.Open();
        var (one, two) = (await first.WaitAsync(TimeSpan.FromSeconds(10)), await second.WaitAsync(TimeSpan.FromSeconds(10)));

        harness.Primary.PriceCalls.Count.ShouldBe(2);
        harness.Primary.PriceCalls[0].ShouldBe(["a", "b"], ignoreOrder: true);
        harness.Primary.PriceCalls[1].ShouldBe(["c"]);
        one["a"].Price!.Price.ShouldBe(1m);
        one["b"].Price!.Price.ShouldBe(2m);
        two["b"].Price!.Price.ShouldBe(2m);
        two["c"].Price!.Price.ShouldBe(3m);
    }

    [Fact]
    public async Task GetPrices_WithinTheTtl_AreServedFromTheCache_AndFetchedAgainOnceItPasses()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m);

        var first = (await Get(harness, "bitcoin"))["bitcoin"].Price!;
        harness.Primary.With("bitcoin", 200m);
        harness.Clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        var cached = (await Get(harness, "bitcoin"))["bitcoin"].Price!;

        first.ShouldBe(new MarketPrice("bitcoin", "BIT", "bitcoin coin", 100m, 100_000_000m, 1.5m, "usd", ManualClock.Start, "fake", Stale: false));
        cached.ShouldBe(first);
        harness.Primary.PriceCalls.Count.ShouldBe(1);
        harness.Market.Stats().ShouldBe(new PriceCacheStats(Entries: 1, Hits: 1, Misses: 1, Evictions: 0));

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var refreshed = (await Get(harness, "bitcoin"))["bitcoin"].Price!;

        refreshed.Price.ShouldBe(200m);
        refreshed.FetchedAt.ShouldBe(ManualClock.Start + Ttl);
        refreshed.Stale.ShouldBeFalse();
        harness.Primary.PriceCalls.Count.ShouldBe(2);
        harness.Market.Stats().ShouldBe(new PriceCacheStats(Entries: 1, Hits: 1, Misses: 2, Evictions: 0));
    }

    [Fact]
    public async Task GetPrices_PricesAreCachedPerVsCurrency()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m);

        await Get(harness, "bitcoin");
        var inEur = await harness.Market.GetPricesAsync(["bitcoin"], "eur", null, CancellationToken.None);
        await harness.Market.GetPricesAsync(["bitcoin"], "eur", null, CancellationToken.None);

        inEur["bitcoin"].Price!.Vs.ShouldBe("eur");
        harness.Primary.PriceCalls.Count.ShouldBe(2);
        harness.Market.Stats().Entries.ShouldBe(2);
    }

    [Fact]
    public async Task GetPrices_WhenEveryProviderFailsAfterASuccess_ServeTheLastPriceStale_WithItsOriginalFetchedAt()
    {
        var fallback = new FakePriceSource("backup");
        var harness = MarketHarness.Create(null, new FakePriceSource(), fallback);
        harness.Primary.With("bitcoin", 100m);
        await Get(harness, "bitcoin");
        harness.Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        harness.Primary.Fail();
        fallback.Fail();

        var answer = await Get(harness, "bitcoin", "ethereum");

        var stale = answer["bitcoin"].Price!;
        stale.Price.ShouldBe(100m);
        stale.Stale.ShouldBeTrue();
        stale.FetchedAt.ShouldBe(ManualClock.Start);
        stale.Source.ShouldBe("fake");
        answer["bitcoin"].Failure.ShouldBeNull();
        answer["ethereum"].ShouldBe(PriceOutcome.Failed("ethereum", PriceFailure.Unavailable));
        harness.Primary.PriceCalls.Count.ShouldBe(2);
        fallback.PriceCalls.Count.ShouldBe(1);
        fallback.PriceCalls[0].ShouldBe(["bitcoin", "ethereum"], ignoreOrder: true);

        // Failures are not cached: once a provider is back, the next request gets a fresh price.
        harness.Primary.Recover();
        harness.Primary.With("bitcoin", 110m);
        var recovered = (await Get(harness, "bitcoin"))["bitcoin"].Price!;
        recovered.Price.ShouldBe(110m);
        recovered.Stale.ShouldBeFalse();
        recovered.FetchedAt.ShouldBe(harness.Clock.Now);
    }

    [Fact]
    public async Task GetPrices_ForACoinNeverSeen_WhenTheProviderFails_IsUnavailable_AndNotCached()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m).Fail();

        var answer = await Get(harness, "bitcoin");

        answer["bitcoin"].ShouldBe(PriceOutcome.Failed("bitcoin", PriceFailure.Unavailable));
        harness.Market.Stats().Entries.ShouldBe(0);
        harness.Primary.Recover();
        (await Get(harness, "bitcoin"))["bitcoin"].Price!.Price.ShouldBe(100m);
        harness.Primary.PriceCalls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetPrices_ACoinThePrimaryDoesNotKnow_IsUnknown_AndRememberedForTheNegativeTtl()
    {
        var fallback = new FakePriceSource("backup").With("nope", 5m);
        var harness = MarketHarness.Create(null, new FakePriceSource(), fallback);
        harness.Primary.With("bitcoin", 100m);

        var first = await Get(harness, "bitcoin", "nope");
        harness.Clock.Advance(NegativeTtl - TimeSpan.FromSeconds(1));
        var remembered = await Get(harness, "nope");

        first["bitcoin"].Price!.Price.ShouldBe(100m);
        first["nope"].ShouldBe(PriceOutcome.Failed("nope", PriceFailure.UnknownCoin));
        remembered["nope"].ShouldBe(PriceOutcome.Failed("nope", PriceFailure.UnknownCoin));
        harness.Primary.PriceCalls.Count.ShouldBe(1);
        fallback.PriceCalls.ShouldBeEmpty();
        harness.Market.Stats().Hits.ShouldBe(1);

        // The negative entry lasts NegativeCacheSeconds (30 s), not the price TTL (60 s); then the primary is asked again.
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        harness.Primary.With("nope", 7m);
        var listed = await Get(harness, "nope");

        harness.Primary.PriceCalls.Count.ShouldBe(2);
        harness.Primary.PriceCalls[1].ShouldBe(["nope"]);
        listed["nope"].Price!.Price.ShouldBe(7m);
    }

    [Fact]
    public async Task GetPrices_WhenThePrimaryOmitsACoinItPricedBefore_ServeTheLastPriceStale_UntilItIsPricedAgain()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m).With("ethereum", 10m);
        await Get(harness, "bitcoin", "ethereum");
        harness.Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        harness.Primary.Without("bitcoin");

        var omitted = await Get(harness, "bitcoin", "ethereum");
        var again = await Get(harness, "bitcoin");

        // A well-formed answer without a coin priced a minute ago: its last price, flagged stale with its real age,
        // not a 404 that would also drop what we knew.
        var stale = omitted["bitcoin"].Price!;
        stale.Price.ShouldBe(100m);
        stale.Stale.ShouldBeTrue();
        stale.FetchedAt.ShouldBe(ManualClock.Start);
        omitted["ethereum"].Price!.Stale.ShouldBeFalse();
        again["bitcoin"].Price!.Stale.ShouldBeTrue("not remembered as unknown either");
        harness.Primary.PriceCalls.Count.ShouldBe(3, "a stale price is no cache hit: the primary is asked each time");

        harness.Primary.With("bitcoin", 120m);
        var repriced = (await Get(harness, "bitcoin"))["bitcoin"].Price!;
        repriced.Price.ShouldBe(120m);
        repriced.Stale.ShouldBeFalse();
    }

    [Fact]
    public async Task GetPrices_PastTheSizeBound_EvictTheLeastRecentlyUsedFirst_AndCountTheEvictions()
    {
        var harness = MarketHarness.Create(o => o.MaxCacheEntries = 10);
        var coins = Enumerable.Range(0, 11).Select(i => $"coin-{i:00}").ToList();
        foreach (var coin in coins)
        {
            harness.Primary.With(coin, 1m);
        }

        foreach (var coin in coins.Take(10))
        {
            await Get(harness, coin);
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await Get(harness, "coin-00");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        harness.Market.Stats().ShouldBe(new PriceCacheStats(Entries: 10, Hits: 1, Misses: 10, Evictions: 0));
        await Get(harness, "coin-10");

        var stats = harness.Market.Stats();
        stats.Evictions.ShouldBeInRange(1, 2, "past the bound, a small share (the least recently used) goes, not the whole cache");
        stats.Entries.ShouldBe(11 - stats.Evictions);
        string[] leastRecentlyUsedFirst = [.. coins.Skip(1).Take(9), "coin-00", "coin-10"];
        var evicted = leastRecentlyUsedFirst.Take((int)stats.Evictions).ToList();
        foreach (var coin in leastRecentlyUsedFirst)
        {
            harness.Market.IsFreshFor(coin, "usd", TimeSpan.Zero).ShouldBe(!evicted.Contains(coin), coin);
        }

        // An evicted price is gone: asking for it goes upstream again; a kept one is still a hit.
        var calls = harness.Primary.PriceCalls.Count;
        await Get(harness, "coin-00");
        harness.Primary.PriceCalls.Count.ShouldBe(calls);
        await Get(harness, "coin-01");
        harness.Primary.PriceCalls.Count.ShouldBe(calls + 1);
    }

    [Fact]
    public async Task GetPrices_ABulkLargerThanTheBound_IsStillAnsweredInFull_AndTheCacheStaysBounded()
    {
        var harness = MarketHarness.Create(o => o.MaxCacheEntries = 10);
        var coins = Enumerable.Range(0, 30).Select(i => $"coin-{i:00}").ToList();
        foreach (var coin in coins)
        {
            harness.Primary.With(coin, 2m);
        }

        var answer = await harness.Market.GetPricesAsync(coins, "usd", null, CancellationToken.None);

        answer.Values.ShouldAllBe(o => o.Price != null && o.Price.Price == 2m);
        answer.Count.ShouldBe(30);
        var stats = harness.Market.Stats();
        stats.Entries.ShouldBeLessThanOrEqualTo(10);
        stats.Evictions.ShouldBe(30 - stats.Entries);
    }

    [Fact]
    public async Task GetPrices_WhenTheUpstreamIsSlowerThanTheCallersWait_TimesOutQuickly_AndTheSharedFetchStillFillsTheCache()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m).Close();

        var clock = Stopwatch.StartNew();
        var hurried = await harness.Market.GetPricesAsync(["bitcoin"], "usd", TimeSpan.FromMilliseconds(50), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));
        var waited = clock.Elapsed;
        var patient = Task.Run(() => harness.Market.GetPricesAsync(["bitcoin"], "usd", null, CancellationToken.None));
        await Eventually(() => harness.Market.Stats().Misses == 2, "the patient caller joined the fetch in flight");
        patient.IsCompleted.ShouldBeFalse();
        harness.Primary.Open();
        var answer = await patient.WaitAsync(TimeSpan.FromSeconds(10));

        hurried["bitcoin"].ShouldBe(PriceOutcome.Failed("bitcoin", PriceFailure.TimedOut));
        waited.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        answer["bitcoin"].Price!.Price.ShouldBe(100m);
        harness.Primary.PriceCalls.Count.ShouldBe(1);
        await Eventually(() => harness.Market.IsFreshFor("bitcoin", "usd", TimeSpan.Zero), "the shared fetch filled the cache");
        var next = await Get(harness, "bitcoin");
        next["bitcoin"].Price!.Price.ShouldBe(100m);
        harness.Primary.PriceCalls.Count.ShouldBe(1);
        harness.Market.Stats().Hits.ShouldBe(1);
    }

    [Fact]
    public async Task GetPrices_WhenTheUpstreamIsSlowerThanTheCallersWait_AndAPriceIsKnown_ServeItStale()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m);
        await Get(harness, "bitcoin");
        harness.Clock.Advance(Ttl);
        harness.Primary.With("bitcoin", 120m).Close();

        var hurried = await harness.Market.GetPricesAsync(["bitcoin"], "usd", TimeSpan.FromMilliseconds(50), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));

        var stale = hurried["bitcoin"].Price!;
        stale.Price.ShouldBe(100m);
        stale.Stale.ShouldBeTrue();
        stale.FetchedAt.ShouldBe(ManualClock.Start);
        harness.Primary.Open();
        await Eventually(() => harness.Market.IsFreshFor("bitcoin", "usd", TimeSpan.Zero), "the shared fetch refreshed the cache");
        var fresh = (await Get(harness, "bitcoin"))["bitcoin"].Price!;
        fresh.Price.ShouldBe(120m);
        fresh.Stale.ShouldBeFalse();
        fresh.FetchedAt.ShouldBe(ManualClock.Start + Ttl);
        harness.Primary.PriceCalls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetPrices_ACallerThatCancels_StopsWaiting_WithoutCancellingTheSharedFetch()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m).Close();
        using var cancellation = new CancellationTokenSource();

        var arrived = harness.Primary.Called;
        var cancelled = Task.Run(() => harness.Market.GetPricesAsync(["bitcoin"], "usd", null, cancellation.Token));
        await arrived.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();
        var thrown = await Record.ExceptionAsync(() => cancelled.WaitAsync(TimeSpan.FromSeconds(10)));
        harness.Primary.Open();

        thrown.ShouldBeAssignableTo<OperationCanceledException>();
        await Eventually(() => harness.Market.IsFreshFor("bitcoin", "usd", TimeSpan.Zero), "the shared fetch completed");
        (await Get(harness, "bitcoin"))["bitcoin"].Price!.Price.ShouldBe(100m);
        harness.Primary.PriceCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task GetPrices_ManyRoundsOfFetchesThatAnswerAtOnce_AlwaysFetchAgainOnceExpired()
    {
        // A fetch that completes before the request registered it as in flight must not stay "in flight" forever:
        // every round after the TTL has to reach the provider and come back fresh.
        var harness = MarketHarness.Create();
        var coins = Enumerable.Range(0, 50).Select(i => $"coin-{i:00}").ToList();
        foreach (var coin in coins)
        {
            harness.Primary.With(coin, 1m);
        }

        for (var round = 1; round <= 200; round++)
        {
            var answer = await harness.Market.GetPricesAsync(coins, "usd", null, CancellationToken.None);

            answer.Values.Where(o => o.Price?.FetchedAt != harness.Clock.Now).Select(o => o.CoinId).ShouldBeEmpty($"round {round}");
            harness.Primary.PriceCalls.Count.ShouldBe(round);
            harness.Clock.Advance(Ttl);
        }
    }

    [Fact]
    public async Task Clear_EmptiesPricesPopularAndHistory_SoTheNextRequestsGoUpstream()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m).With("ethereum", 10m)
            .WithHistory("bitcoin", new ProviderPricePoint(ManualClock.Start.AddHours(-1), 99m), new ProviderPricePoint(ManualClock.Start, 100m));
        await Get(harness, "bitcoin", "ethereum");
        await harness.Market.GetPopularAsync("usd", 10, CancellationToken.None);
        await harness.Market.GetHistoryAsync("bitcoin", "usd", 1, CancellationToken.None);
        harness.Market.Stats().Entries.ShouldBe(2);

        harness.Market.Clear();

        harness.Market.Stats().ShouldBe(new PriceCacheStats(0, 0, 0, 0));
        await Get(harness, "bitcoin");
        await harness.Market.GetPopularAsync("usd", 10, CancellationToken.None);
        await harness.Market.GetHistoryAsync("bitcoin", "usd", 1, CancellationToken.None);
        harness.Primary.PriceCalls.Count.ShouldBe(2);
        harness.Primary.MarketCalls.ShouldBe(2);
        harness.Primary.HistoryCalls.ShouldBe(2);
    }

    [Fact]
    public async Task GetPopular_IsLargestFirst_CachedForTheTtl_AndFillsThePriceCache()
    {
        var harness = MarketHarness.Create();
        harness.Primary.With("small", 1m).With("large", 300m).With("medium", 20m);

        var top2 = await harness.Market.GetPopularAsync("usd", 2, CancellationToken.None);
        var top3 = await harness.Market.GetPopularAsync("usd", 3, CancellationToken.None);
        var price = await Get(harness, "medium");

        top2.Value.Select(p => p.CoinId).ShouldBe(["large", "medium"]);
        top3.Value.Select(p => p.CoinId).ShouldBe(["large", "medium", "small"]);
        top3.Value.ShouldAllBe(p => p.Source == "fake" && !p.Stale && p.FetchedAt == ManualClock.Start && p.Vs == "usd");
        harness.Primary.MarketCalls.ShouldBe(1);
        price["medium"].Price!.Price.ShouldBe(20m);
        harness.Primary.PriceCalls.ShouldBeEmpty();

        harness.Clock.Advance(Ttl);
        await harness.Market.GetPopularAsync("usd", 3, CancellationToken.None);
        harness.Primary.MarketCalls.ShouldBe(2);
    }

    [Fact]
    public async Task GetPopular_WhenTheProvidersFail_ServesTheLastListStale_OrIsUnavailable()
    {
        var never = MarketHarness.Create();
        never.Primary.With("bitcoin", 1m).Fail();
        (await never.Market.GetPopularAsync("usd", 10, CancellationToken.None)).Error.ShouldBe(PriceErrors.Unavailable);

        var harness = MarketHarness.Create();
        harness.Primary.With("bitcoin", 100m).With("ethereum", 10m);
        await harness.Market.GetPopularAsync("usd", 10, CancellationToken.None);
        harness.Clock.Advance(Ttl);
        harness.Primary.Fail();

        var stale = await harness.Market.GetPopularAsync("usd", 10, CancellationToken.None);

        stale.Value.Select(p => p.CoinId).ShouldBe(["bitcoin", "ethereum"]);
        stale.Value.ShouldAllBe(p => p.Stale && p.FetchedAt == ManualClock.Start);
        harness.Primary.MarketCalls.ShouldBe(2);
    }

    [Fact]
    public async Task GetHistory_IsOldestFirst_AndCachedPerCoinVsAndDays()
    {
        var harness = MarketHarness.Create();
        var start = ManualClock.Start;
        harness.Primary.WithHistory("bitcoin", new ProviderPricePoint(start, 3m), new ProviderPricePoint(start.AddHours(-2), 1m), new ProviderPricePoint(start.AddHours(-1), 2m));

        var first = await harness.Market.GetHistoryAsync("bitcoin", "usd", 1, CancellationToken.None);
        var again = await harness.Market.GetHistoryAsync("bitcoin", "usd", 1, CancellationToken.None);
        var otherDays = await harness.Market.GetHistoryAsync("bitcoin", "usd", 2, CancellationToken.None);

        first.Value.ShouldBe([new PricePoint(start.AddHours(-2), 1m), new PricePoint(start.AddHours(-1), 2m), new PricePoint(start, 3m)]);
        again.Value.ShouldBe(first.Value);
        otherDays.IsSuccess.ShouldBeTrue();
        harness.Primary.HistoryCalls.ShouldBe(2);

        harness.Clock.Advance(TimeSpan.FromSeconds(300));
        await harness.Market.GetHistoryAsync("bitcoin", "usd", 1, CancellationToken.None);
        harness.Primary.HistoryCalls.ShouldBe(3);
    }

    [Fact]
    public async Task GetHistory_OfAnUnknownCoin_IsUnknown_AndWhenProvidersFailIsUnavailableOrTheLastKnown()
    {
        var harness = MarketHarness.Create();
        harness.Primary.WithHistory("bitcoin", new ProviderPricePoint(ManualClock.Start, 100m));

        var unknown = await harness.Market.GetHistoryAsync("nope", "usd", 1, CancellationToken.None);
        var known = await harness.Market.GetHistoryAsync("bitcoin", "usd", 1, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromSeconds(301));
        harness.Primary.Fail();
        var last = await harness.Market.GetHistoryAsync("bitcoin", "usd", 1, CancellationToken.None);
        var never = await harness.Market.GetHistoryAsync("bitcoin", "usd", 7, CancellationToken.None);

        unknown.Error.ShouldBe(PriceErrors.UnknownCoin);
        known.Value.ShouldBe([new PricePoint(ManualClock.Start, 100m)]);
        last.Value.ShouldBe(known.Value);
        never.Error.ShouldBe(PriceErrors.Unavailable);
    }

    private static Task<IReadOnlyDictionary<string, PriceOutcome>> Get(MarketHarness harness, params string[] coins) =>
        harness.Market.GetPricesAsync(coins, "usd", null, CancellationToken.None);

    /// <summary>Waits (a few milliseconds at a time, 20 s at most) until the condition holds.</summary>
    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), $"waited in vain until {what}");
            await Task.Delay(5);
        }
    }
}

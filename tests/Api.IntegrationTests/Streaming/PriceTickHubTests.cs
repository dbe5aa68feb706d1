using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;
using PortfolioTracker.Infrastructure.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>The in-process fan-out: filtering, bounded queues that drop the oldest, and what the instance follows.</summary>
public sealed class PriceTickHubTests : IDisposable
{
    private static readonly PriceKey Bitcoin = new("bitcoin", "usd");
    private static readonly PriceKey Ether = new("ethereum", "usd");

    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PriceTickHub hub;

    public PriceTickHubTests() => hub = new PriceTickHub(services.GetRequiredService<IMeterFactory>());

    [Fact]
    public void Publish_OffersEachSubscriberOnlyThePricesItFollows()
    {
        using var btc = hub.Subscribe(8);
        using var both = hub.Subscribe(8);
        using var none = hub.Subscribe(8);
        btc.Add([Bitcoin]);
        both.Add([Bitcoin, Ether]);

        hub.Publish(Tick(1, ("bitcoin", 100m), ("ethereum", 10m), ("solana", 1m)));
        hub.Publish(Tick(2, ("solana", 2m)));

        btc.Ticks.TryRead(out var first).ShouldBeTrue();
        first!.Prices.Select(p => p.CoinId).ShouldBe(["bitcoin"]);
        btc.Ticks.TryRead(out _).ShouldBeFalse("a tick with nothing it follows is not queued");
        both.Ticks.TryRead(out var second).ShouldBeTrue();
        second!.Prices.Select(p => p.CoinId).ShouldBe(["bitcoin", "ethereum"]);
        none.Ticks.TryRead(out _).ShouldBeFalse();
    }

    [Fact]
    public void Subscription_FollowsTheVsCurrencyToo()
    {
        using var euros = hub.Subscribe(8);
        euros.Add([new PriceKey("bitcoin", "eur")]);

        hub.Publish(Tick(1, ("bitcoin", 100m)));

        euros.Ticks.TryRead(out _).ShouldBeFalse("the tick was in usd");
    }

    [Fact]
    public async Task ASlowSubscriber_KeepsOnlyItsNewestTicks_CountsTheDropped_AndNeverHoldsUpAFastOne()
    {
        using var slow = hub.Subscribe(16);
        using var fast = hub.Subscribe(16);
        slow.Add([Bitcoin]);
        fast.Add([Bitcoin]);
        var dropsSeen = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PriceTickHub.MeterName && instrument.Name == "portfoliotracker.stream.ticks_dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropsSeen, value));
        listener.Start();

        var received = new List<long>();
        var reader = Task.Run(async () =>
        {
            await foreach (var tick in fast.Ticks.ReadAllAsync())
            {
                received.Add(tick.Sequence);
            }
        });
        for (var i = 1; i <= 20_000; i++)
        {
            hub.Publish(Tick(i, ("bitcoin", i)));

            // The fast reader keeps up (it is given the chance to); the slow one never reads.
            if (i % 8 == 0)
            {
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (fast.Ticks.Count > 0 && DateTime.UtcNow < deadline)
                {
                    await Task.Yield();
                }

                fast.Ticks.Count.ShouldBe(0, "the fast reader fell behind");
            }
        }

        slow.Ticks.Count.ShouldBe(16, "the slow subscriber's queue stays at its bound");
        slow.Dropped.ShouldBe(20_000 - 16);
        var kept = new List<long>();
        while (slow.Ticks.TryRead(out var tick))
        {
            kept.Add(tick.Sequence);
        }

        kept.ShouldBe(Enumerable.Range(20_000 - 15, 16).Select(i => (long)i), "the newest ticks are kept");
        fast.Dispose();
        await reader;
        received.ShouldBe(Enumerable.Range(1, 20_000).Select(i => (long)i), "the fast subscriber lost nothing");
        fast.Dropped.ShouldBe(0);
        listener.RecordObservableInstruments();
        Interlocked.Read(ref dropsSeen).ShouldBe(20_000 - 16);
    }

    [Fact]
    public void Followed_CountsEveryFollower_AndForgetsAKeyWithNone()
    {
        var changes = 0;
        hub.FollowedChanged += () => changes++;
        var first = hub.Subscribe(4);
        var second = hub.Subscribe(4);

        first.Add([Bitcoin, Ether]).ShouldBe([Bitcoin, Ether]);
        second.Add([Bitcoin]).ShouldBe([Bitcoin]);
        first.Add([Bitcoin]).ShouldBeEmpty("already followed");
        hub.Followed.ShouldBe([Bitcoin, Ether], ignoreOrder: true);
        changes.ShouldBe(1, "only a key's first follower is news");

        first.Remove([Bitcoin, new PriceKey("solana", "usd")]).ShouldBe([Bitcoin]);
        hub.Followed.ShouldBe([Bitcoin, Ether], ignoreOrder: true);
        first.Dispose();
        hub.Followed.ShouldBe([Bitcoin]);
        second.Dispose();
        hub.Followed.ShouldBeEmpty();
        hub.Subscribers.ShouldBe(0);
    }

    [Fact]
    public void Complete_EndsEverySubscribersFeed()
    {
        using var subscription = hub.Subscribe(4);

        hub.Complete();

        subscription.Ticks.Completion.IsCompleted.ShouldBeTrue();
    }

    public void Dispose()
    {
        hub.Dispose();
        services.Dispose();
    }

    internal static PriceTick Tick(long sequence, params (string Coin, decimal Price)[] prices) =>
        new(sequence, DateTimeOffset.UtcNow, [.. prices.Select(p => new MarketPrice(p.Coin, null, null, p.Price, null, null, "usd", DateTimeOffset.UtcNow, "test", false))]);
}

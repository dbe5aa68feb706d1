using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Endpoints;

/// <summary>The background refresher: held coins (in their account's currency) and recently asked coins stay warm.</summary>
public sealed class PriceRefresherTests(ControlledMarketApiFactory factory) : IClassFixture<ControlledMarketApiFactory>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task RefreshOnce_FetchesHeldAndRecentlyAskedCoins_OneCallPerVs_AndOnlyThoseAboutToExpire()
    {
        factory.Source.With("bitcoin", 100m).WithIn("eur", "ethereum", 9m).With("solana", 3m);
        var user = await client.RegisterAndLoginAsync("refresher");
        var dollars = await client.OpenAccountAsync(user);
        var euros = await client.OpenAccountAsync(user, baseCurrency: "EUR");
        await client.CreditAsync(user, dollars, "1", "BTC");
        await client.CreditAsync(user, euros, "2", "ETH");
        await (await client.GetAsync("/api/v1/prices/solana", user.AccessToken)).ShouldBeAsync(200);
        var refresher = factory.Services.GetServices<IHostedService>().OfType<PriceRefresher>().Single();
        var before = factory.Source.PriceCallsWithVs.Count;

        // Bitcoin (held in USD) and ethereum (held in EUR) were never fetched; solana is fresh for another 60 s.
        (await refresher.RefreshOnceAsync(Interval, CancellationToken.None)).ShouldBe(2);
        var first = factory.Source.PriceCallsWithVs.Skip(before).ToList();
        first.Select(c => $"{c.Vs}:{string.Join(",", c.Coins)}").ShouldBe(["eur:ethereum", "usd:bitcoin"], ignoreOrder: true);

        // Everything is fresh for longer than a round: nothing to do.
        (await refresher.RefreshOnceAsync(Interval, CancellationToken.None)).ShouldBe(0);
        factory.Source.PriceCallsWithVs.Count.ShouldBe(before + 2);

        // 31 s later every price would expire before the next round: all three in one call per vs.
        factory.Clock.Advance(TimeSpan.FromSeconds(31));
        (await refresher.RefreshOnceAsync(Interval, CancellationToken.None)).ShouldBe(3);
        var second = factory.Source.PriceCallsWithVs.Skip(before + 2).ToList();
        second.Count.ShouldBe(2);
        second.Single(c => c.Vs == "usd").Coins.ShouldBe(["bitcoin", "solana"], ignoreOrder: true);
        second.Single(c => c.Vs == "eur").Coins.ShouldBe(["ethereum"]);
    }
}

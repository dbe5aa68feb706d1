using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Prices.Cache;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>
/// Two API instances on one database, each with a provider of its own: only the leader polls its provider, its ticks
/// reach streams on the other instance, and when it stops the other takes over.
/// </summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private string database = string.Empty;
    private InstanceFactory first = null!;
    private InstanceFactory second = null!;

    public async Task InitializeAsync()
    {
        database = await PostgresServer.CreateDatabaseAsync();
        first = new InstanceFactory(database, "provider-one");
        second = new InstanceFactory(database, "provider-two");
        await first.InitializeAsync();
        await second.InitializeAsync();
        first.Source.With("bitcoin", 100m);
        second.Source.With("bitcoin", 200m);
        _ = first.CreateClient();
        _ = second.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task OnlyTheLeaderPolls_ItsTicksReachAStreamOnTheOtherInstance_AndTheOtherTakesOverWhenItStops()
    {
        await Eventually.TrueAsync(() => first.IsLeader || second.IsLeader, "no instance became the leader", Timeout);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        first.IsLeader.ShouldNotBe(second.IsLeader, "exactly one instance leads");
        var (leader, follower) = first.IsLeader ? (first, second) : (second, first);

        // A client on the follower streams bitcoin: the follower fetches it once to start (a demand fetch), then its
        // prices come from the leader's provider, published by the leader and carried over LISTEN/NOTIFY.
        var client = follower.CreateClient();
        var user = await client.RegisterAndLoginAsync("instances");
        await using var stream = await SseReader.OpenAsync(client, "/api/v1/prices/stream?coins=bitcoin&interval=1&maxUpdates=8", user.AccessToken);
        var events = new List<SseEvent>();
        while (await stream.NextAsync(Timeout) is { } next)
        {
            events.Add(next);
            if (next.Json.Str("source") == leader.Source.Name)
            {
                break;
            }
        }

        events.Select(e => e.Json.Str("source")).ShouldContain(leader.Source.Name, "a tick from the leader reached the follower's stream");
        events.Last().Json.Str("price").ShouldBe(leader.Source.Name == "provider-one" ? "100" : "200");
        var followerCalls = follower.Source.PriceCalls.Count;
        var leaderCalls = leader.Source.PriceCalls.Count;
        await Task.Delay(TimeSpan.FromSeconds(3));
        follower.Source.PriceCalls.Count.ShouldBe(followerCalls, "the follower does not poll");
        followerCalls.ShouldBeLessThanOrEqualTo(1, "at most the stream's first read");
        leader.Source.PriceCalls.Count.ShouldBeGreaterThanOrEqualTo(leaderCalls + 2, "the leader refreshes the streamed coin every second");

        // The leader stops: the follower takes over and polls its own provider.
        await leader.DisposeAsync();
        await Eventually.TrueAsync(() => follower.IsLeader, "the follower did not take over", Timeout);
        var before = follower.Source.PriceCalls.Count;
        await Eventually.TrueAsync(() => follower.Source.PriceCalls.Count >= before + 2, "the new leader does not poll", Timeout);
    }

    /// <summary>An API instance on a shared database whose only provider is a counting fake, refreshing every second.</summary>
    private sealed class InstanceFactory(string connectionString, string sourceName) : ApiFactory
    {
        private int disposed;

        public FakePriceSource Source { get; } = new(sourceName);

        public bool IsLeader => Volatile.Read(ref disposed) == 0 && Services.GetRequiredService<RefreshLeadership>().IsLeader;

        protected override bool OwnsDatabase => false;

        public override async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                await base.DisposeAsync();
            }
        }

        protected override Task<string> CreateDatabaseAsync() => Task.FromResult(connectionString);

        protected override void Configure(IDictionary<string, string?> configuration)
        {
            configuration["Prices:RefreshEnabled"] = "true";
            configuration["Prices:RefreshIntervalSeconds"] = "1";
            configuration["Prices:LeaderRetrySeconds"] = "1";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<PriceSourceChain>();
                services.AddSingleton(new PriceSourceChain([() => Source], NullLogger<PriceSourceChain>.Instance));
            });
        }
    }
}

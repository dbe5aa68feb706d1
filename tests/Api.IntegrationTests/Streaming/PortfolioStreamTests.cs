using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary><c>GET /api/v1/portfolio/stream</c>: the snapshot of <c>GET /portfolio</c> as <c>event: portfolio</c>.</summary>
[Collection(ApiCollection.Name)]
public sealed class PortfolioStreamTests(ApiFactory factory)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly string[] PortfolioMembers = ["quote", "asOf", "totalValue", "totalCost", "unrealizedPnl", "holdings"];

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Stream_SendsTheSnapshotEveryInterval_WithIncreasingIds_AndFollowsChanges()
    {
        var user = await client.RegisterAndLoginAsync("pfstream");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "12.50");

        await using var stream = await SseReader.OpenAsync(client, "/api/v1/portfolio/stream?quote=USD&interval=1&maxUpdates=2", user.AccessToken);
        var first = await stream.NextAsync(Timeout);
        await client.CreditAsync(user, account, "7.50");
        var second = await stream.NextAsync(Timeout);

        first.ShouldNotBeNull();
        second.ShouldNotBeNull();
        stream.RetryHints.ShouldBe([3000]);
        (first.Id, first.Event, second.Id, second.Event).ShouldBe(("1", "portfolio", "2", "portfolio"));
        first.Json.AsObject().Select(m => m.Key).ShouldBe(PortfolioMembers, ignoreOrder: true);
        first.Json.Str("quote").ShouldBe("USD");
        first.Json.Str("totalValue").ShouldBe("12.50");
        second.Json.Str("totalValue").ShouldBe("20.00");
        (await stream.NextAsync(Timeout)).ShouldBeNull("maxUpdates=2");
    }

    [Fact]
    public async Task Stream_OfOneAccount_AndWithLastEventId()
    {
        var user = await client.RegisterAndLoginAsync("pfstream");
        var account = await client.OpenAccountAsync(user);
        var other = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "1.00");
        await client.CreditAsync(user, other, "2.00");

        await using var stream = await SseReader.OpenAsync(
            client, $"/api/v1/portfolio/stream?accountId={account}&interval=1&maxUpdates=1", user.AccessToken, lastEventId: "9");
        var snapshot = (await stream.ReadToEndAsync(Timeout)).Single();

        snapshot.Id.ShouldBe("10");
        snapshot.Json.Str("totalValue").ShouldBe("1.00");
    }

    [Fact]
    public async Task Stream_OfAnotherUsersAccount_Is404_AndBadParametersAre400()
    {
        var owner = await client.RegisterAndLoginAsync("pfstream");
        var account = await client.OpenAccountAsync(owner);
        var stranger = await client.RegisterAndLoginAsync("pfstream");

        await (await client.GetAsync($"/api/v1/portfolio/stream?accountId={account}", stranger.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync("/api/v1/portfolio/stream?interval=0", stranger.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");
        await (await client.GetAsync("/api/v1/portfolio/stream?quote=XYZ", stranger.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");
        await (await client.GetAsync("/api/v1/portfolio/stream", null)).ShouldBeProblemAsync(401, "unauthorized");
    }
}

using System.Diagnostics;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Telemetry;

/// <summary>The one log line every request gets: its fields, the trace id, and what it never contains.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestLogTests(ApiFactory factory)
{
    private const string Category = "PortfolioTracker.Api.Telemetry.RequestLogging";

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Request_IsLoggedOnceWithMethodRoutePathStatusDurationUserAndTraceId()
    {
        var user = await client.RegisterAndLoginAsync("logged");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var accountId = Guid.NewGuid();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/accounts/{accountId}?limit=5");
        request.Headers.Authorization = new("Bearer", user.AccessToken);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        await (await client.SendAsync(request)).ShouldBeProblemAsync(404, "not_found");

        var line = await RequestLineAsync(e => Equals(e.State.GetValueOrDefault("TraceId"), traceId));
        line.Level.ShouldBe(Microsoft.Extensions.Logging.LogLevel.Information);
        line.State["Method"].ShouldBe("GET");
        line.State["Path"].ShouldBe($"/api/v1/accounts/{accountId}");
        line.State["Route"].ShouldBe("api/v1/accounts/{id:guid}");
        line.State["StatusCode"].ShouldBe(404);
        line.State["ElapsedMs"].ShouldBeOfType<double>().ShouldBeGreaterThan(0);
        line.State["UserId"].ShouldBe(user.Id.ToString());
        line.Scopes.ShouldContain(s => Equals(s.GetValueOrDefault("TraceId"), traceId), "the trace id is in the line's scopes too");
        factory.Logs.Entries.Count(e => e.Category == Category && Equals(e.State.GetValueOrDefault("TraceId"), traceId)).ShouldBe(1);
    }

    [Fact]
    public async Task AnonymousRequest_IsLoggedWithoutAUser()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        await (await client.SendAsync(request)).ShouldBeAsync(200);

        var line = await RequestLineAsync(e => Equals(e.State.GetValueOrDefault("TraceId"), traceId));
        line.State["UserId"].ShouldBeNull();
        line.State["StatusCode"].ShouldBe(200);
        line.State["Route"].ShouldBe("/health/live");
    }

    [Fact]
    public async Task Logs_NeverContainTheStreamsAccessTokenOrAPassword()
    {
        var password = $"Secret{Guid.NewGuid():N}X9";
        var (username, email) = TestUsers.Unique("secretive");
        (await client.PostJsonAsync("/api/v1/auth/register", new { username, email, password })).EnsureSuccessStatusCode();
        var user = await client.LoginAsync(email, password);

        await using (var stream = await SseReader.OpenAsync(
            client, $"/api/v1/prices/stream?coins=bitcoin&interval=1&maxUpdates=1&access_token={user.AccessToken}", token: null))
        {
            (await stream.ReadToEndAsync(TimeSpan.FromSeconds(20))).ShouldNotBeEmpty();
        }

        var line = await RequestLineAsync(e => Equals(e.State.GetValueOrDefault("UserId"), user.Id.ToString())
            && Equals(e.State.GetValueOrDefault("Route"), "api/v1/prices/stream"));
        line.State["Path"].ShouldBe("/api/v1/prices/stream");
        line.State["StatusCode"].ShouldBe(200);
        var entries = factory.Logs.Entries;
        entries.ShouldNotContain(e => e.AllText.Contains(user.AccessToken, StringComparison.Ordinal), "no log entry holds the access token");
        entries.ShouldNotContain(e => e.AllText.Contains(user.RefreshToken, StringComparison.Ordinal), "no log entry holds the refresh token");
        entries.ShouldNotContain(e => e.AllText.Contains(password, StringComparison.Ordinal), "no log entry holds the password");
    }

    private async Task<CapturedLog> RequestLineAsync(Func<CapturedLog, bool> match)
    {
        CapturedLog? line = null;
        await Eventually.TrueAsync(
            () => (line = factory.Logs.Entries.LastOrDefault(e => e.Category == Category && match(e))) is not null,
            "the request is logged when its answer is complete");
        return line!;
    }
}

using System.Net.Http.Headers;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Deployment;

/// <summary>
/// The API as a real process (Kestrel's own metrics need a real server) with traffic that gives the dashboard data:
/// requests on many routes, ledger transactions and a refusal, price look-ups that miss and then hit the cache, and
/// an open event stream.
/// </summary>
public sealed class MonitoredApi : IAsyncLifetime
{
    private string database = string.Empty;
    private SseReader? stream;
    private TestUser user = null!;
    private Guid account;

    public ApiProcess Api { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        database = await PostgresServer.CreateDatabaseAsync("pt_metrics");
        Api = await ApiProcess.StartAsync(database);
        Client = Api.CreateClient();
        user = await Client.RegisterAndLoginAsync("metrics");
        var opened = await (await Client.PostJsonAsync("/api/v1/accounts", new { name = "metrics" }, user.AccessToken)).ShouldBeAsync(201);
        account = Guid.Parse(opened.Str("id"));
        stream = await SseReader.OpenAsync(Client, "/api/v1/prices/stream?coins=bitcoin&interval=60", user.AccessToken);
        (await stream.NextAsync(TimeSpan.FromSeconds(20))).ShouldNotBeNull("the stream's first event");
        await GenerateTrafficAsync();
    }

    /// <summary>One round of traffic; every call's outcome is checked, so the data the dashboard shows is known.</summary>
    public async Task GenerateTrafficAsync()
    {
        await (await Client.PostJsonAsync("/api/v1/transactions/credit", new { accountId = account, asset = "USD", amount = "10.00" }, user.AccessToken)).ShouldBeAsync(201);
        await (await Client.PostJsonAsync("/api/v1/transactions/debit", new { accountId = account, asset = "USD", amount = "1000000.00" }, user.AccessToken)).ShouldBeProblemAsync(422, "insufficient_funds");
        await (await Client.GetAsync($"/api/v1/accounts/{account}/balances", user.AccessToken)).ShouldBeAsync(200);
        await (await Client.GetAsync("/api/v1/users/me", token: null)).ShouldBeAsync(401);
        foreach (var coin in new[] { "bitcoin", "ethereum", "bitcoin", "ethereum" })
        {
            await (await Client.GetAsync($"/api/v1/prices/{coin}?vs=usd", user.AccessToken)).ShouldBeAsync(200);
        }

        // A connection that closes, for the connection-duration histogram.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.ConnectionClose = true;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        (await Client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (stream is not null)
        {
            await stream.DisposeAsync();
        }

        Client?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        if (database.Length > 0)
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }
}

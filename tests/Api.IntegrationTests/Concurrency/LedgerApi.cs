using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Concurrency;

/// <summary>The ledger calls the concurrency tests make, with an optional Idempotency-Key.</summary>
public static class LedgerApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Guid> OpenAccountAsync(this HttpClient client, TestUser user, string name, string baseCurrency = "USD")
    {
        var body = await (await client.PostJsonAsync("/api/v1/accounts", new { name, baseCurrency }, user.AccessToken)).ShouldBeAsync(201);
        return Guid.Parse(body.Str("id"));
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, TestUser user, string path, object? body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : JsonContent.Create(body, options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    public static async Task<decimal> BalanceAsync(this HttpClient client, TestUser user, Guid accountId, string asset)
    {
        var balances = await (await client.GetAsync($"/api/v1/accounts/{accountId}/balances", user.AccessToken)).ShouldBeAsync(200);
        var line = balances["items"]!.AsArray().FirstOrDefault(b => b!.Str("asset") == asset);
        return line is null ? 0m : decimal.Parse(line.Str("amount"), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<(int Status, JsonNode? Body, bool Replayed)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.Contains("Idempotent-Replayed"));
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortfolioTracker.Api.IntegrationTests.Infrastructure;

/// <summary>Small helpers to send JSON and read answers as JSON trees, the way a black-box client sees them.</summary>
public static class HttpJson
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body, string? token = null) =>
        client.SendAsync(Request(HttpMethod.Post, url, body, token));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body, string? token = null, string? ifMatch = null)
    {
        var request = Request(HttpMethod.Put, url, body, token);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string url, string? token) =>
        client.SendAsync(Request(HttpMethod.Get, url, null, token));

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string url, string? token) =>
        client.SendAsync(Request(HttpMethod.Delete, url, null, token));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("The body is JSON null.");
    }

    /// <summary>Asserts the status and that the body is a problem document with the given code; returns it.</summary>
    public static async Task<JsonNode> ShouldBeProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(text)!;
        problem["code"]!.GetValue<string>().ShouldBe(code);
        problem["status"]!.GetValue<int>().ShouldBe(status);
        foreach (var member in new[] { "type", "title", "status", "detail", "instance", "code", "traceId", "errors" })
        {
            problem.AsObject().ContainsKey(member).ShouldBeTrue($"problem lacks '{member}': {text}");
        }

        problem["traceId"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }

    public static async Task<JsonNode> ShouldBeAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, text);
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static string[] FieldErrors(this JsonNode problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(m => m!.GetValue<string>()).ToArray() ?? [];

    private static HttpRequestMessage Request(HttpMethod method, string url, object? body, string? token)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}

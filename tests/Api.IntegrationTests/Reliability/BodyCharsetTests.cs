using System.Net.Http.Headers;
using System.Text;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>Found by input fuzzing: a body that is not text in the charset its Content-Type declares answered 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class BodyCharsetTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Theory]
    [InlineData("/api/v1/auth/login", null)]
    [InlineData("/api/v1/transactions/credit", "user")]
    public async Task Utf8BytesDeclaredAsUtf16_Returns400ValidationFailed(string url, string? caller)
    {
        var token = caller is null ? null : (await client.RegisterAndLoginAsync("charset")).AccessToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("}")) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-16");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var problem = await (await client.SendAsync(request)).ShouldBeProblemAsync(400, "validation_failed");

        problem.FieldErrors("body").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task ValidUtf16Body_IsStillRead()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = new ByteArrayContent(Encoding.Unicode.GetBytes("{\"email\":\"nobody@example.com\",\"password\":\"Passw0rdOk\"}")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-16");

        await (await client.SendAsync(request)).ShouldBeProblemAsync(401, "invalid_credentials");
    }
}

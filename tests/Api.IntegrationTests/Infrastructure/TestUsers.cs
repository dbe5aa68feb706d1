using System.Text.Json.Nodes;

namespace PortfolioTracker.Api.IntegrationTests.Infrastructure;

/// <summary>A registered and logged-in user of a test.</summary>
public sealed record TestUser(Guid Id, string Username, string Email, string Password, string AccessToken, string RefreshToken);

public static class TestUsers
{
    public const string Password = "Passw0rdOk";

    /// <summary>A username and e-mail no other test uses.</summary>
    public static (string Username, string Email) Unique(string stem = "user")
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return ($"{stem}_{suffix}", $"{stem}.{suffix}@example.com");
    }

    public static async Task<TestUser> RegisterAndLoginAsync(this HttpClient client, string stem = "user")
    {
        var (username, email) = Unique(stem);
        (await client.PostJsonAsync("/api/v1/auth/register", new { username, email, password = Password })).EnsureSuccessStatusCode();
        return await client.LoginAsync(email, Password);
    }

    public static async Task<TestUser> LoginAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostJsonAsync("/api/v1/auth/login", new { email, password });
        var body = await response.ShouldBeAsync(200);
        var user = body["user"]!;
        return new TestUser(
            Guid.Parse(user["id"]!.GetValue<string>()),
            user["username"]!.GetValue<string>(),
            user["email"]!.GetValue<string>(),
            password,
            body["accessToken"]!.GetValue<string>(),
            body["refreshToken"]!.GetValue<string>());
    }

    public static Task<TestUser> LoginAdminAsync(this HttpClient client) =>
        client.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);

    public static string Str(this JsonNode node, string member) => node[member]!.GetValue<string>();
}

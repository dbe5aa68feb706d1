using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Identity;

[Collection(ApiCollection.Name)]
public sealed class RegistrationTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Register_WithValidInput_Returns201WithLocationAndTheUser()
    {
        var (username, email) = TestUsers.Unique();

        var response = await client.PostJsonAsync("/api/v1/auth/register", new { username, email, password = TestUsers.Password });

        var user = await response.ShouldBeAsync(201);
        var id = Guid.Parse(user.Str("id"));
        id.Version.ShouldBe(7);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/users/{id}");
        user.Str("username").ShouldBe(username);
        user.Str("email").ShouldBe(email);
        user.Str("role").ShouldBe("user");
        user.Str("createdAt").ShouldEndWith("Z");
        user.Str("updatedAt").ShouldBe(user.Str("createdAt"));
        user.AsObject().Select(p => p.Key).ShouldBe(["id", "username", "email", "role", "createdAt", "updatedAt"]);
    }

    [Fact]
    public async Task Register_WithAnEmailTakenInAnotherCase_Returns409()
    {
        var (username, email) = TestUsers.Unique();
        (await client.PostJsonAsync("/api/v1/auth/register", new { username, email, password = TestUsers.Password })).EnsureSuccessStatusCode();

        var response = await client.PostJsonAsync("/api/v1/auth/register", new { username = username + "x", email = email.ToUpperInvariant(), password = TestUsers.Password });

        await response.ShouldBeProblemAsync(409, "email_taken");
    }

    [Fact]
    public async Task Register_WithATakenUsername_Returns409()
    {
        var (username, email) = TestUsers.Unique();
        (await client.PostJsonAsync("/api/v1/auth/register", new { username, email, password = TestUsers.Password })).EnsureSuccessStatusCode();

        var response = await client.PostJsonAsync("/api/v1/auth/register", new { username = username.ToUpperInvariant(), email = "other." + email, password = TestUsers.Password });

        await response.ShouldBeProblemAsync(409, "username_taken");
    }

    [Theory]
    [InlineData("username", "ab")]
    [InlineData("username", "this_username_is_far_too_long_to_be_accepted_by_the_api")]
    [InlineData("username", "has space")]
    [InlineData("username", "has-dash")]
    [InlineData("username", "ünïcode")]
    [InlineData("username", "")]
    [InlineData("username", null)]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "a@b")]
    [InlineData("email", "two@@example.com")]
    [InlineData("email", "Name <name@example.com>")]
    [InlineData("email", "")]
    [InlineData("email", null)]
    [InlineData("password", "Short1A")]
    [InlineData("password", "nouppercase1")]
    [InlineData("password", "NoDigitsHere")]
    [InlineData("password", "")]
    [InlineData("password", null)]
    public async Task Register_WithOneInvalidField_Returns400NamingExactlyThatField(string field, string? value)
    {
        var (username, email) = TestUsers.Unique();
        var body = new Dictionary<string, string?> { ["username"] = username, ["email"] = email, ["password"] = TestUsers.Password };
        body[field] = value;

        var response = await client.PostJsonAsync("/api/v1/auth/register", body);

        var problem = await response.ShouldBeProblemAsync(400, "validation_failed");
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe([field]);
        problem.FieldErrors(field).ShouldNotBeEmpty();
        (await client.PostJsonAsync("/api/v1/auth/login", new { email, password = TestUsers.Password })).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Register_WithEveryFieldInvalid_ReportsEveryField()
    {
        var response = await client.PostJsonAsync("/api/v1/auth/register", new { username = "x", email = "y", password = "z" });

        var problem = await response.ShouldBeProblemAsync(400, "validation_failed");
        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["email", "password", "username"]);
    }

    [Fact]
    public async Task Register_WithAFieldOfTheWrongJsonType_Returns400()
    {
        var response = await client.PostJsonAsync("/api/v1/auth/register", """{"username": 12, "email": "a@example.com", "password": "Passw0rdOk"}""");

        var problem = await response.ShouldBeProblemAsync(400, "validation_failed");
        problem.FieldErrors("username").ShouldNotBeEmpty();
    }
}

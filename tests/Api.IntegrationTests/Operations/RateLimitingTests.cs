using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;

namespace PortfolioTracker.Api.IntegrationTests.Operations;

/// <summary>
/// The rate limits, each test with an API and limits of its own. Buckets refill once an hour here, so what a test
/// spends stays spent while it runs.
/// </summary>
public sealed class RateLimitingTests
{
    private const string Hour = "3600";

    [Fact]
    public async Task RateLimitHeaders_DecreaseWithEachRequest_AndAnEmptyBucketAnswers429WithRetryAfter()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => UserBucket(s, permits: 4));
        using var client = api.CreateHttpClient();
        var user = await client.RegisterAndLoginAsync();

        var remaining = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.GetAsync("/api/v1/users/me", user.AccessToken);
            await response.ShouldBeAsync(200);
            Header(response, "RateLimit-Limit").ShouldBe("4");
            remaining.Add(int.Parse(Header(response, "RateLimit-Remaining")!, System.Globalization.CultureInfo.InvariantCulture));
            long.Parse(Header(response, "RateLimit-Reset")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        }

        remaining.ShouldBe([3, 2, 1, 0]);
        var refused = await client.GetAsync("/api/v1/users/me", user.AccessToken);
        var problem = await refused.ShouldBeProblemAsync(429, "rate_limited");
        problem["instance"]!.GetValue<string>().ShouldBe("/api/v1/users/me");
        RetryAfterSeconds(refused).ShouldBeInRange(1, 3600);
        Header(refused, "RateLimit-Limit").ShouldBe("4");
        Header(refused, "RateLimit-Remaining").ShouldBe("0");
        long.Parse(Header(refused, "RateLimit-Reset")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task EveryRefusal_IsCountedByPolicy_OnThePortfolioTrackerMeter()
    {
        await using var api = await OperationsApiFactory.StartAsync(s =>
        {
            UserBucket(s, permits: 1);
            Bucket(s, "Register", permits: 2);
        });
        var meters = api.Services.GetRequiredService<IMeterFactory>();
        var counted = new ConcurrentQueue<(long Value, string? Policy)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this API's meter: other tests' APIs run in the same process.
            if (instrument.Meter.Scope == meters && instrument.Name == "portfoliotracker.http.rate_limited")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            counted.Enqueue((value, tags.ToArray().SingleOrDefault(t => t.Key == "policy").Value as string)));
        listener.Start();
        using var client = api.CreateHttpClient();
        var user = await client.RegisterAndLoginAsync();
        await client.RegisterAndLoginAsync();

        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeAsync(200);
        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeProblemAsync(429, "rate_limited");
        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeProblemAsync(429, "rate_limited");
        var (username, email) = TestUsers.Unique();
        await (await client.PostJsonAsync("/api/v1/auth/register", new { username, email, password = TestUsers.Password })).ShouldBeProblemAsync(429, "rate_limited");

        counted.ShouldBe([(1, "user"), (1, "user"), (1, "register")]);
    }

    [Fact]
    public async Task OpenApiDocument_DocumentsThe429OfEveryLimitedOperation_AndNoneOfTheOperationsEndpoints()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => s["RateLimiting:Enabled"] = "false");
        using var client = api.CreateHttpClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ShouldBeAsync(200);

        var paths = document["paths"]!.AsObject();
        var operations = paths.Where(p => p.Key.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(path => path.Value!.AsObject().Select(op => op.Value!)).ToList();
        operations.Count.ShouldBeGreaterThan(30);
        foreach (var operation in operations)
        {
            var tooMany = operation["responses"]!["429"];
            tooMany.ShouldNotBeNull(operation.Str("operationId"));
            tooMany["content"]!["application/problem+json"]!["schema"]!.Str("$ref").ShouldBe("#/components/schemas/Problem");
            tooMany["headers"]!.AsObject().Select(h => h.Key).ShouldBe(["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"], ignoreOrder: true);
        }

        foreach (var path in new[] { "/health/live", "/health/ready", "/metrics" })
        {
            var operation = paths[path]!["get"]!;
            operation["responses"]!.AsObject().ContainsKey("429").ShouldBeFalse(path);
            operation["responses"]!.AsObject().Select(r => r.Value!["headers"]?.AsObject() ?? []).SelectMany(h => h).Select(h => h.Key)
                .ShouldNotContain("RateLimit-Limit", path);
        }
    }

    [Fact]
    public async Task OperationsEndpoints_AreNeverLimited_AndCarryNoRateLimitHeaders()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => AnonymousBucket(s, permits: 1));
        using var client = api.CreateHttpClient();
        await (await client.GetAsync("/api/v1/assets")).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.GetAsync("/api/v1/assets")).ShouldBeProblemAsync(429, "rate_limited");

        foreach (var path in new[] { "/health/live", "/health/ready", "/openapi/v1.json", "/swagger/index.html" })
        {
            for (var i = 0; i < 3; i++)
            {
                var response = await client.GetAsync(path);
                response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
                response.Headers.Contains("RateLimit-Limit").ShouldBeFalse(path);
            }
        }
    }

    [Fact]
    public async Task UserBuckets_AreIndependentOfEachOther()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => UserBucket(s, permits: 2));
        using var client = api.CreateHttpClient();
        var alice = await client.RegisterAndLoginAsync("alice");
        var bob = await client.RegisterAndLoginAsync("bob");

        await (await client.GetAsync("/api/v1/users/me", alice.AccessToken)).ShouldBeAsync(200);
        await (await client.GetAsync("/api/v1/users/me", alice.AccessToken)).ShouldBeAsync(200);
        await (await client.GetAsync("/api/v1/users/me", alice.AccessToken)).ShouldBeProblemAsync(429, "rate_limited");

        var forBob = await client.GetAsync("/api/v1/users/me", bob.AccessToken);
        await forBob.ShouldBeAsync(200);
        Header(forBob, "RateLimit-Remaining").ShouldBe("1");
        await (await client.GetAsync("/api/v1/users/me", alice.AccessToken)).ShouldBeProblemAsync(429, "rate_limited");
    }

    [Fact]
    public async Task Login_ABurstFromOneClient_Gets429_EvenWithTheRightPassword()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => Bucket(s, "Login", permits: 3));
        using var client = api.CreateHttpClient();
        var user = await client.RegisterAndLoginAsync();

        await (await client.PostJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "WrongPassw0rd" })).ShouldBeProblemAsync(401, "invalid_credentials");
        var last = await client.PostJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "WrongPassw0rd" });
        await last.ShouldBeProblemAsync(401, "invalid_credentials");
        Header(last, "RateLimit-Limit").ShouldBe("3");
        Header(last, "RateLimit-Remaining").ShouldBe("0");

        var refused = await client.PostJsonAsync("/api/v1/auth/login", new { email = user.Email, password = TestUsers.Password });
        (await refused.ShouldBeProblemAsync(429, "rate_limited"))["detail"]!.GetValue<string>().ShouldContain("login attempts");
        RetryAfterSeconds(refused).ShouldBeGreaterThan(0);

        // Other endpoints of the same client are not affected by the login limit.
        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeAsync(200);
    }

    [Fact]
    public async Task Login_FailedAttemptsWithOneEmail_Get429ForThatEmail_WhileOtherEmailsAndSuccessesAreUnaffected()
    {
        await using var api = await OperationsApiFactory.StartAsync(s =>
        {
            Bucket(s, "LoginFailures", permits: 2);
            Bucket(s, "Login", permits: 100);
        });
        using var client = api.CreateHttpClient();
        var victim = await client.RegisterAndLoginAsync("victim");
        var other = await client.RegisterAndLoginAsync("other");

        // Successful logins cost nothing.
        for (var i = 0; i < 3; i++)
        {
            await client.LoginAsync(victim.Email, TestUsers.Password);
        }

        await (await client.PostJsonAsync("/api/v1/auth/login", new { email = victim.Email, password = "WrongPassw0rd" })).ShouldBeProblemAsync(401, "invalid_credentials");
        await (await client.PostJsonAsync("/api/v1/auth/login", new { email = victim.Email.ToUpperInvariant(), password = "WrongPassw0rd" })).ShouldBeProblemAsync(401, "invalid_credentials");

        // Refused, even with the right password, and still refused a while later: buckets refill continuously in
        // fractions of a token (every 100 ms), and a fraction must not let an attempt through.
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(150);
            var refused = await client.PostJsonAsync("/api/v1/auth/login", new { email = victim.Email, password = TestUsers.Password });
            (await refused.ShouldBeProblemAsync(429, "rate_limited"))["detail"]!.GetValue<string>().ShouldContain("e-mail");
            RetryAfterSeconds(refused).ShouldBeGreaterThan(0);
        }

        await client.LoginAsync(other.Email, TestUsers.Password);
    }

    [Fact]
    public async Task Register_ABurstFromOneClient_Gets429()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => Bucket(s, "Register", permits: 2));
        using var client = api.CreateHttpClient();
        for (var i = 0; i < 2; i++)
        {
            var (username, email) = TestUsers.Unique();
            await (await client.PostJsonAsync("/api/v1/auth/register", new { username, email, password = TestUsers.Password })).ShouldBeAsync(201);
        }

        var (name, address) = TestUsers.Unique();
        await (await client.PostJsonAsync("/api/v1/auth/register", new { username = name, email = address, password = TestUsers.Password })).ShouldBeProblemAsync(429, "rate_limited");
    }

    [Fact]
    public async Task NotFoundScan_BlocksTheClient_UntilTheBlockTimeHasPassed()
    {
        await using var api = await OperationsApiFactory.StartAsync(s =>
        {
            s["RateLimiting:NotFound:PermitLimit"] = "3";
            s["RateLimiting:NotFound:WindowSeconds"] = "600";
            s["RateLimiting:NotFound:BlockSeconds"] = "2";
        });
        using var client = api.CreateHttpClient();
        var scanner = await client.RegisterAndLoginAsync("scanner");
        var bystander = await client.RegisterAndLoginAsync("bystander");

        for (var i = 0; i < 4; i++)
        {
            await (await client.GetAsync($"/api/v1/accounts/{Guid.CreateVersion7()}", scanner.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        }

        var blocked = await client.GetAsync("/api/v1/users/me", scanner.AccessToken);
        (await blocked.ShouldBeProblemAsync(429, "rate_limited"))["detail"]!.GetValue<string>().ShouldContain("blocked");
        RetryAfterSeconds(blocked).ShouldBeInRange(1, 2);
        await (await client.GetAsync("/api/v1/users/me", bystander.AccessToken)).ShouldBeAsync(200);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            status = (await client.GetAsync("/api/v1/users/me", scanner.AccessToken)).StatusCode;
        }
        while (status == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline);

        status.ShouldBe(HttpStatusCode.OK);
        api.LogLines.ShouldContain(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains($"user:{scanner.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disabled_NothingIsLimited_AndNoRateLimitHeadersAreSent()
    {
        await using var api = await OperationsApiFactory.StartAsync(s =>
        {
            foreach (var bucket in new[] { "User", "Anonymous", "Login", "LoginFailures", "Register" })
            {
                Bucket(s, bucket, permits: 1);
            }

            s["RateLimiting:NotFound:PermitLimit"] = "1";
            s["RateLimiting:Enabled"] = "false";
        });
        using var client = api.CreateHttpClient();
        var user = await client.RegisterAndLoginAsync();
        await client.RegisterAndLoginAsync();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await client.GetAsync("/api/v1/users/me", user.AccessToken));
            responses.Add(await client.GetAsync($"/api/v1/accounts/{Guid.CreateVersion7()}", user.AccessToken));
            responses.Add(await client.GetAsync("/api/v1/assets"));
            responses.Add(await client.PostJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "WrongPassw0rd" }));
        }

        await client.LoginAsync(user.Email, TestUsers.Password);
        responses.ShouldAllBe(r => r.StatusCode != HttpStatusCode.TooManyRequests);
        responses.ShouldAllBe(r => !r.Headers.Contains("RateLimit-Limit") && !r.Headers.Contains("RateLimit-Remaining") && !r.Headers.Contains("RateLimit-Reset"));
    }

    [Fact]
    public async Task ForwardedFor_FromAConfiguredProxy_NamesTheClient()
    {
        await using var api = await OperationsApiFactory.StartAsync(s =>
        {
            AnonymousBucket(s, permits: 2);
            s["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        });
        using var client = api.CreateHttpClient();

        await (await Anonymous(client, "203.0.113.1")).ShouldBeProblemAsync(401, "unauthorized");
        await (await Anonymous(client, "203.0.113.1")).ShouldBeProblemAsync(401, "unauthorized");
        await (await Anonymous(client, "203.0.113.1")).ShouldBeProblemAsync(429, "rate_limited");
        await (await Anonymous(client, "203.0.113.2")).ShouldBeProblemAsync(401, "unauthorized");

        // The audit trail records the forwarded address too.
        var admin = await client.LoginAdminAsync();
        var refusals = await client.AllPagesAsync("/api/v1/audit?action=http.get&entityType=endpoint", admin.AccessToken);
        refusals.Select(e => e.Str("clientIp")).ShouldContain("203.0.113.2");
    }

    [Fact]
    public async Task ForwardedFor_FromAnUnconfiguredAddress_IsIgnored()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => AnonymousBucket(s, permits: 2));
        using var client = api.CreateHttpClient();

        await (await Anonymous(client, "203.0.113.1")).ShouldBeProblemAsync(401, "unauthorized");
        await (await Anonymous(client, "203.0.113.2")).ShouldBeProblemAsync(401, "unauthorized");
        await (await Anonymous(client, "203.0.113.3")).ShouldBeProblemAsync(429, "rate_limited");
    }

    private static async Task<HttpResponseMessage> Anonymous(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/assets");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static void UserBucket(IDictionary<string, string?> settings, int permits) => Bucket(settings, "User", permits);

    private static void AnonymousBucket(IDictionary<string, string?> settings, int permits) => Bucket(settings, "Anonymous", permits);

    private static void Bucket(IDictionary<string, string?> settings, string name, int permits)
    {
        var value = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"RateLimiting:{name}:PermitLimit"] = value;
        settings[$"RateLimiting:{name}:TokensPerPeriod"] = value;
        settings[$"RateLimiting:{name}:ReplenishmentPeriodSeconds"] = Hour;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private static long RetryAfterSeconds(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        retryAfter.ShouldNotBeNull();
        retryAfter.Delta.ShouldNotBeNull();
        return (long)retryAfter.Delta.Value.TotalSeconds;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;

namespace PortfolioTracker.Api.IntegrationTests.Operations;

public sealed partial class HardeningTests
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    [Fact]
    public async Task ApiAnswers_CarryTheSecurityHeaders_AndAStrictContentSecurityPolicy()
    {
        await using var api = await OperationsApiFactory.StartAsync(_ => { });
        using var client = api.CreateHttpClient();
        var user = await client.RegisterAndLoginAsync();

        var answers = new[]
        {
            await client.GetAsync("/api/v1/users/me", user.AccessToken),
            await client.GetAsync("/api/v1/assets"),
            await client.GetAsync("/api/v1/no-such-thing", user.AccessToken),
            await client.GetAsync("/health/live"),
            await client.GetAsync("/openapi/v1.json"),
        };

        foreach (var answer in answers)
        {
            var what = $"{answer.RequestMessage!.RequestUri} ({(int)answer.StatusCode})";
            Header(answer, "X-Content-Type-Options").ShouldBe("nosniff", what);
            Header(answer, "Referrer-Policy").ShouldBe("no-referrer", what);
            Header(answer, "X-Frame-Options").ShouldBe("DENY", what);
            Header(answer, "Content-Security-Policy").ShouldBe(ApiPolicy, what);
            answer.Headers.Contains("Strict-Transport-Security").ShouldBeFalse("HSTS is for HTTPS answers only");
        }
    }

    [Fact]
    public async Task SwaggerUi_HasAPolicyThatAllowsOnlyItsOwnFiles_AndLoadsNoInlineScript()
    {
        await using var api = await OperationsApiFactory.StartAsync(_ => { });
        using var client = api.CreateHttpClient();

        var page = await client.GetAsync("/swagger/index.html");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        var policy = Header(page, "Content-Security-Policy")!;
        Header(page, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(page, "X-Frame-Options").ShouldBe("DENY");
        policy.ShouldContain("default-src 'none'");
        policy.ShouldContain("script-src 'self';");
        policy.ShouldContain("connect-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");

        // Every script is a file of our own origin (script-src 'self' forbids inline ones), and each loads.
        ScriptTag().Matches(html).ShouldAllBe(tag => tag.Groups["src"].Success && !tag.Groups["src"].Value.Contains("//", StringComparison.Ordinal));
        var sources = ScriptTag().Matches(html).Select(tag => tag.Groups["src"].Value).ToList();
        sources.ShouldNotBeEmpty();
        foreach (var source in sources.Concat(StyleSheet().Matches(html).Select(tag => tag.Groups["href"].Value)))
        {
            var file = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/swagger/"), source));
            file.StatusCode.ShouldBe(HttpStatusCode.OK, source);
        }
    }

    [Fact]
    public async Task Hsts_IsSentOnHttpsAnswersOutsideDevelopment()
    {
        await using var production = new CustomFactory("Production", _ => { });
        await production.InitializeAsync();
        using var secure = production.CreateClient(new() { BaseAddress = new Uri("https://api.example.test") });
        Header(await secure.GetAsync("/health/live"), "Strict-Transport-Security").ShouldBe("max-age=31536000");

        await using var development = new CustomFactory("Development", _ => { });
        await development.InitializeAsync();
        using var developer = development.CreateClient(new() { BaseAddress = new Uri("https://api.example.test") });
        (await developer.GetAsync("/health/live")).Headers.Contains("Strict-Transport-Security").ShouldBeFalse();

        await using var configured = new CustomFactory("Production", s =>
        {
            s["Hsts:MaxAgeDays"] = "730";
            s["Hsts:IncludeSubDomains"] = "true";
        });
        await configured.InitializeAsync();
        using var other = configured.CreateClient(new() { BaseAddress = new Uri("https://api.example.test") });
        Header(await other.GetAsync("/health/live"), "Strict-Transport-Security").ShouldBe("max-age=63072000; includeSubDomains");
    }

    [Fact]
    public async Task Cors_APreflightFromAnAllowedOriginIsAnswered_AndFromAnotherOriginIsNot()
    {
        const string allowed = "https://app.example.test";
        await using var api = await OperationsApiFactory.StartAsync(s => s["Cors:AllowedOrigins:0"] = allowed);
        using var client = api.CreateHttpClient();

        var preflight = await client.SendAsync(Preflight(allowed));
        ((int)preflight.StatusCode).ShouldBeInRange(200, 204);
        Header(preflight, "Access-Control-Allow-Origin").ShouldBe(allowed);
        Header(preflight, "Access-Control-Allow-Methods")!.ShouldContain("POST");
        Header(preflight, "Access-Control-Allow-Headers")!.ToLowerInvariant().ShouldContain("authorization");
        preflight.Headers.Contains("Access-Control-Allow-Credentials").ShouldBeFalse();

        var foreign = await client.SendAsync(Preflight("https://evil.example.test"));
        foreign.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/assets");
        request.Headers.Add("Origin", allowed);
        var answer = await client.SendAsync(request);
        Header(answer, "Access-Control-Allow-Origin").ShouldBe(allowed);
        Header(answer, "Access-Control-Expose-Headers")!.ShouldContain("RateLimit-Remaining");
        Header(answer, "Access-Control-Expose-Headers")!.ShouldContain("Retry-After");
    }

    [Theory]
    [InlineData("*")]
    [InlineData(" * ")]
    public async Task Cors_AWildcardOriginWithCredentials_StopsStartUp(string origin)
    {
        await using var factory = new CustomFactory("Production", s =>
        {
            s["Cors:AllowedOrigins:0"] = "https://app.example.test";
            s["Cors:AllowedOrigins:1"] = origin;
            s["Cors:AllowCredentials"] = "true";
        });
        await factory.InitializeAsync();

        var failure = Should.Throw<Exception>(() => factory.CreateClient());

        Flatten(failure).ShouldContain("Cors:AllowedOrigins contains '*' while Cors:AllowCredentials is true");
    }

    [Fact]
    public async Task RequestBody_OverTheConfiguredLimit_Returns413Problem()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => s["Limits:MaxRequestBodyBytes"] = "2000");
        using var client = api.CreateHttpClient();
        var user = await client.RegisterAndLoginAsync();
        var name = new string('x', 2500);

        await (await client.PostJsonAsync("/api/v1/accounts", new { name }, user.AccessToken)).ShouldBeProblemAsync(413, "payload_too_large");
        await (await client.PostJsonAsync("/api/v1/auth/login", new { email = name, password = name })).ShouldBeProblemAsync(413, "payload_too_large");
    }

    [Fact]
    public async Task DeeplyNestedJson_Returns400_AlsoOnTheLoginThatRateLimitingReads()
    {
        await using var api = await OperationsApiFactory.StartAsync(_ => { });
        using var client = api.CreateHttpClient();
        var deep = "{\"email\":" + new string('[', 200) + new string(']', 200) + ",\"password\":\"x\"}";
        var deeperThanAllowed = new string('[', 40) + new string(']', 40);

        await (await client.PostRawAsync("/api/v1/auth/login", deep, "application/json")).ShouldBeProblemAsync(400, "validation_failed");
        await (await client.PostRawAsync("/api/v1/auth/register", deeperThanAllowed, "application/json")).ShouldBeProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task KestrelLimits_FollowConfiguration_AndOversizedHeadersAreRefused()
    {
        await using var api = await OperationsApiFactory.StartAsync(s =>
        {
            s["Limits:MaxRequestHeadersTotalBytes"] = "4096";
            s["Limits:KeepAliveTimeoutSeconds"] = "42";
            s["Limits:MaxConcurrentConnections"] = "500";
            s["Limits:MinRequestBodyDataRateBytesPerSecond"] = "0";
        });
        var kestrel = api.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        kestrel.MaxRequestHeadersTotalSize.ShouldBe(4096);
        kestrel.KeepAliveTimeout.ShouldBe(TimeSpan.FromSeconds(42));
        kestrel.MaxConcurrentConnections.ShouldBe(500);
        kestrel.MinRequestBodyDataRate.ShouldBeNull();
        kestrel.MaxRequestLineSize.ShouldBe(8192);

        using var client = api.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 8000));
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestHeaderFieldsTooLarge);

        var line = await RawRequestLineAsync(api.BaseAddress, "/health/live?" + new string('q', 9000));
        line.ShouldStartWith("HTTP/1.1 414");
    }

    [Fact]
    public async Task RefusedAttempts_AreLoggedAsWarnings_AndAudited()
    {
        await using var api = await OperationsApiFactory.StartAsync(_ => { });
        using var client = api.CreateHttpClient();
        var user = await client.RegisterAndLoginAsync();

        await (await client.GetAsync("/api/v1/accounts")).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.GetAsync("/api/v1/accounts", "not-a-token")).ShouldBeProblemAsync(401, "unauthorized");
        await (await client.GetAsync("/api/v1/audit?access_token=secret-in-query", user.AccessToken)).ShouldBeProblemAsync(403, "forbidden");

        var warnings = api.LogLines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Refused", StringComparison.Ordinal)).ToList();
        warnings.Count(l => l.Contains("401 GET /api/v1/accounts", StringComparison.Ordinal) && l.Contains("127.0.0.1", StringComparison.Ordinal)).ShouldBe(2);
        warnings.ShouldContain(l => l.Contains("403 GET /api/v1/audit", StringComparison.Ordinal) && l.Contains(user.Id.ToString(), StringComparison.Ordinal));
        warnings.ShouldAllBe(l => !l.Contains("secret-in-query", StringComparison.Ordinal));

        var admin = await client.LoginAdminAsync();
        var refusals = await client.AllPagesAsync("/api/v1/audit?action=http.get&entityType=endpoint", admin.AccessToken);
        var unauthorized = refusals.Where(e => e.Str("code") == "unauthorized").ToList();
        unauthorized.Count.ShouldBe(2);
        unauthorized.ShouldAllBe(e => e.Str("outcome") == "refused" && e["actorId"] == null && e.Str("clientIp") == "127.0.0.1");
        unauthorized.ShouldAllBe(e => e.Str("entityId").Contains("accounts", StringComparison.Ordinal));
        var forbidden = refusals.Single(e => e.Str("code") == "forbidden");
        forbidden.Str("actorId").ShouldBe(user.Id.ToString());
        forbidden.Str("entityId").ShouldContain("audit");
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/accounts");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    /// <summary>The status line of a request sent over a raw socket (HttpClient refuses such long targets itself).</summary>
    private static async Task<string> RawRequestLineAsync(Uri server, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? string.Empty;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is null ? string.Empty : " | " + Flatten(exception.InnerException));

    [GeneratedRegex("<script(?:[^>]*?\\ssrc=\"(?<src>[^\"]+)\")?[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<link[^>]*rel=\"stylesheet\"[^>]*href=\"(?<href>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex StyleSheet();

    /// <summary>An in-memory API with its own environment and settings (rate limits off, as in <see cref="ApiFactory"/>).</summary>
    private sealed class CustomFactory(string environment, Action<IDictionary<string, string?>> configure) : ApiFactory
    {
        protected override string EnvironmentName => environment;

        protected override void Configure(IDictionary<string, string?> configuration) => configure(configuration);
    }
}

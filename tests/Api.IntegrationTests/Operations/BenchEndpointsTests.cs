using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Operations;

/// <summary>
/// The benchmark's reference endpoints skip authentication (the bare transfer moves money without a token), so they
/// must exist only when asked for — and in Production only when asked for twice.
/// </summary>
public sealed class BenchEndpointsTests
{
    private const string Ping = "/api/v1/bench/ping";
    private const string AuthenticatedPing = "/api/v1/bench/ping/authenticated";
    private const string BareTransfer = "/api/v1/bench/transfer";

    [Fact]
    public async Task ByDefault_TheBenchEndpointsDoNotExist()
    {
        await using var api = await OperationsApiFactory.StartAsync(_ => { });
        using var client = api.CreateHttpClient();

        await (await client.GetAsync(Ping)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync(AuthenticatedPing)).ShouldBeProblemAsync(404, "not_found");
        await (await client.PostJsonAsync(BareTransfer, new { })).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task WhenEnabled_TheAuthenticatedPingWantsAValidToken()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => s["Bench:Enabled"] = "true");
        using var client = api.CreateHttpClient();

        await (await client.GetAsync(AuthenticatedPing)).ShouldBeProblemAsync(401, "unauthorized");
        var user = await client.RegisterAndLoginAsync();
        var pong = await client.GetAsync(AuthenticatedPing, user.AccessToken);
        pong.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await pong.Content.ReadAsStringAsync()).ShouldContain("pong");
    }

    [Fact]
    public async Task InProduction_EnabledAloneIsRefused_AndAllowInProductionIsNeededToo()
    {
        await using (var refused = await OperationsApiFactory.StartAsync(s => s["Bench:Enabled"] = "true", "Production"))
        {
            using var client = refused.CreateHttpClient();
            await (await client.GetAsync(Ping)).ShouldBeProblemAsync(404, "not_found");
            refused.LogLines.ShouldContain(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Bench:Enabled", StringComparison.Ordinal));
        }

        await using var allowed = await OperationsApiFactory.StartAsync(
            s =>
            {
                s["Bench:Enabled"] = "true";
                s["Bench:AllowInProduction"] = "true";
            },
            "Production");
        using var allowedClient = allowed.CreateHttpClient();
        (await allowedClient.GetAsync(Ping)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task WhenEnabled_ThePingAnswers_AndTheEndpointsStayOutOfTheOpenApiDocument()
    {
        await using var api = await OperationsApiFactory.StartAsync(s => s["Bench:Enabled"] = "true");
        using var client = api.CreateHttpClient();

        var ping = await client.GetAsync(Ping);
        ping.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await ping.Content.ReadAsStringAsync()).ShouldContain("pong");

        var document = await (await client.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        document.ShouldNotContain("/bench/", Case.Insensitive);
    }
}

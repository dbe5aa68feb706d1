using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Startup;

/// <summary>
/// The API is built with the slim web application builder (less code loaded); what it gives up of the full builder's
/// defaults that an operator may rely on is added back: <c>AllowedHosts</c> host filtering, and HTTPS endpoints from
/// configuration (<c>ASPNETCORE_URLS=https://…</c> with <c>Kestrel:Certificates:Default:*</c>).
/// </summary>
public sealed class HostingDefaultsTests
{
    [Fact]
    public async Task WithoutAllowedHosts_EveryHostIsServed()
    {
        await using var factory = new HostsFactory(null);
        await factory.InitializeAsync();
        using var client = factory.CreateClient();

        (await SendAsync(client, "anything.example")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithAllowedHosts_OnlyThoseHostsAreServed_OthersGet400()
    {
        await using var factory = new HostsFactory("api.example.com; *.internal.example");
        await factory.InitializeAsync();
        using var client = factory.CreateClient();

        (await SendAsync(client, "api.example.com")).ShouldBe(HttpStatusCode.OK);
        (await SendAsync(client, "node-1.internal.example")).ShouldBe(HttpStatusCode.OK);
        (await SendAsync(client, "evil.example")).ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnHttpsUrl_IsServedWithTheConfiguredCertificate()
    {
        var database = await PostgresServer.CreateDatabaseAsync("pt_https");
        var directory = Directory.CreateTempSubdirectory("pt-https-");
        try
        {
            using var certificate = SelfSigned();
            var path = Path.Combine(directory.FullName, "api.pfx");
            await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "test-password"));

            await using var api = await ApiProcess.StartAsync(
                database,
                new Dictionary<string, string?>
                {
                    ["ASPNETCORE_URLS"] = "https://127.0.0.1:0",
                    ["Kestrel:Certificates:Default:Path"] = path,
                    ["Kestrel:Certificates:Default:Password"] = "test-password",
                },
                certificate.GetCertHashString());
            using var client = api.CreateClient();

            api.BaseAddress.Scheme.ShouldBe(Uri.UriSchemeHttps);
            using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            directory.Delete(recursive: true);
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private sealed class HostsFactory(string? allowedHosts) : ApiFactory
    {
        protected override void Configure(IDictionary<string, string?> configuration) =>
            configuration["AllowedHosts"] = allowedHosts;
    }
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Infrastructure.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>
/// The API on a real Kestrel server (a free port of the loopback interface), so that WebSocket clients connect to it
/// the way browsers do. A connection may follow at most <see cref="MaxSubscriptions"/> prices here.
/// </summary>
public class SocketApiFactory : ApiFactory
{
    public const int MaxSubscriptions = 5;

    public SocketApiFactory() => UseKestrel(0);

    /// <summary>Where the server listens (<c>http://127.0.0.1:port</c>).</summary>
    public Uri BaseAddress
    {
        get
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>The live feed of this instance (tests publish ticks to it).</summary>
    internal PriceTickHub Hub => Services.GetRequiredService<PriceTickHub>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }

    /// <summary>An HTTP client of the real server (not the in-memory test server).</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    /// <summary><c>ws://…/api/v1/stream/ws</c>, with the token in the query when given.</summary>
    public Uri SocketUri(string? accessToken = null)
    {
        var builder = new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/api/v1/stream/ws" };
        if (accessToken is not null)
        {
            builder.Query = $"access_token={Uri.EscapeDataString(accessToken)}";
        }

        return builder.Uri;
    }

    protected override void Configure(IDictionary<string, string?> configuration)
    {
        configuration["Streaming:MaxSubscriptionsPerConnection"] = MaxSubscriptions.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The same API, whose refresher publishes the followed prices every second (through LISTEN/NOTIFY).</summary>
public sealed class RefreshingSocketApiFactory : SocketApiFactory
{
    protected override void Configure(IDictionary<string, string?> configuration)
    {
        base.Configure(configuration);
        configuration["Prices:RefreshEnabled"] = "true";
        configuration["Prices:RefreshIntervalSeconds"] = "1";
    }
}

/// <summary>The WebSocket tests that share one server; each uses users and connections of its own.</summary>
[CollectionDefinition(Name)]
public sealed class SocketCollection : ICollectionFixture<SocketApiFactory>
{
    public const string Name = "sockets";
}

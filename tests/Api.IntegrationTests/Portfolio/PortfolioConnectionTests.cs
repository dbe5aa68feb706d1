using System.Net;
using System.Net.Sockets;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.IntegrationTests.Ledger;

namespace PortfolioTracker.Api.IntegrationTests.Portfolio;

/// <summary>
/// Regression (issue 7): reading the cost history through Dapper's <c>QueryUnbufferedAsync</c> cancelled the command at
/// the end of every read, and Npgsql sends a cancellation over a new connection — one server process forked per
/// portfolio read (2,084 processes for 2,042 reads in the benchmark, a third of the machine's CPU). With pooled
/// connections, reading the portfolio again and again opens no new connection to the server.
/// </summary>
public sealed class PortfolioConnectionTests(PortfolioConnectionTests.CountingFactory factory) : IClassFixture<PortfolioConnectionTests.CountingFactory>
{
    private const int Reads = 20;

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task ReadingThePortfolioRepeatedly_OpensNoNewConnectionToTheServer()
    {
        var user = await client.RegisterAndLoginAsync("pooled");
        var account = await LedgerClient.OpenAccountAsync(client, user, "spot");
        await (await client.PostJsonAsync(
            "/api/v1/transactions/credit", new { accountId = account, asset = "BTC", amount = "0.5", price = "60000" }, user.AccessToken)).ShouldBeAsync(201);
        await (await client.GetAsync("/api/v1/portfolio", user.AccessToken)).ShouldBeAsync(200);
        var before = factory.Forwarder.Connections;

        for (var i = 0; i < Reads; i++)
        {
            await (await client.GetAsync("/api/v1/portfolio", user.AccessToken)).ShouldBeAsync(200);
        }

        // Sequential reads reuse the pool's connections; background work may open one now and then, never one a read.
        (factory.Forwarder.Connections - before).ShouldBeLessThan(Reads / 4);
    }

    /// <summary>The API with its database connections going through a forwarder that counts them.</summary>
    public sealed class CountingFactory : ApiFactory
    {
        public ConnectionCounter Forwarder { get; private set; } = null!;

        protected override void Configure(IDictionary<string, string?> configuration)
        {
            var target = new NpgsqlConnectionStringBuilder(configuration["ConnectionStrings:Postgres"]);
            Forwarder = new ConnectionCounter(target.Host!, target.Port);
            target.Host = "127.0.0.1";
            target.Port = Forwarder.Port;
            configuration["ConnectionStrings:Postgres"] = target.ConnectionString;
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Forwarder.Dispose();
        }
    }

    /// <summary>A TCP forwarder on a free loopback port that counts the connections made through it.</summary>
    public sealed class ConnectionCounter : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private int connections;

        public ConnectionCounter(string host, int port)
        {
            listener.Start();
            _ = Task.Run(() => AcceptAsync(host, port));
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref connections);

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            stop.Dispose();
        }

        private async Task AcceptAsync(string host, int port)
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient inbound;
                try
                {
                    inbound = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                Interlocked.Increment(ref connections);
                _ = Task.Run(() => ForwardAsync(inbound, host, port));
            }
        }

        private async Task ForwardAsync(TcpClient inbound, string host, int port)
        {
            using (inbound)
            using (var outbound = new TcpClient())
            {
                try
                {
                    await outbound.ConnectAsync(host, port, stop.Token);
                    var up = inbound.GetStream().CopyToAsync(outbound.GetStream(), stop.Token);
                    var down = outbound.GetStream().CopyToAsync(inbound.GetStream(), stop.Token);
                    await Task.WhenAny(up, down);
                }
                catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                {
                    // One side closed or the test ended: the other is closed with it.
                }
            }
        }
    }
}

using System.Net.Sockets;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Application.Common.Interfaces;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>
/// The token check looks the user's session up in the database. When that lookup cannot reach the database the
/// answer is 503 <c>database_unavailable</c>, never 401: a 401 tells a client its valid token is bad (it would log the
/// user out), and it would be audited as a refused attempt. The outage test meets this only when its session cache
/// expires at the wrong moment (and the audit insert of a 401 would then fail too, hiding it); here the lookup alone
/// fails while the database is fine for everything else.
/// </summary>
public sealed class DatabaseOutageAuthenticationTests(DatabaseOutageAuthenticationTests.Factory factory)
    : IClassFixture<DatabaseOutageAuthenticationTests.Factory>
{
    [Fact]
    public async Task SessionLookupCannotReachDatabase_Answers503_NotA401_AndAuditsNoRefusal()
    {
        using var client = factory.CreateClient();
        var user = await client.RegisterAndLoginAsync("outage_auth");
        (await client.GetAsync("/api/v1/accounts", user.AccessToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);

        factory.Sessions.Unreachable = true;
        try
        {
            var response = await client.GetAsync("/api/v1/accounts", user.AccessToken);
            await response.ShouldBeProblemAsync(503, "database_unavailable");
            response.Headers.RetryAfter.ShouldNotBeNull();
        }
        finally
        {
            factory.Sessions.Unreachable = false;
        }

        (await client.GetAsync("/api/v1/accounts", user.AccessToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE outcome = 'refused' AND code = 'unauthorized'"))
            .ShouldBe(0, "an unreachable database is no refused attempt");
    }

    /// <summary>The API with its session store behind a switch that makes it fail as an unreachable database does.</summary>
    public sealed class Factory : ApiFactory
    {
        public SwitchableSessions Sessions { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IUserSessions));
                services.AddSingleton<IUserSessions>(provider =>
                {
                    Sessions.Inner = (IUserSessions)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!);
                    return Sessions;
                });
            });
        }
    }

    public sealed class SwitchableSessions : IUserSessions
    {
        public IUserSessions Inner { get; set; } = null!;

        public bool Unreachable { get; set; }

        public Task<UserSession?> FindAsync(Guid userId, CancellationToken cancellationToken) => Unreachable
            ? throw new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))
            : Inner.FindAsync(userId, cancellationToken);

        public void Invalidate(Guid userId) => Inner.Invalidate(userId);
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PortfolioTracker.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The API in-process on a database of its own on the real PostgreSQL server, configured like production except
/// for a cheaper password hash (the KDF's cost is not what these tests measure) and without rate limits (see
/// <c>Operations/RateLimitingTests</c> for those).
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "integration-tests-signing-key-0123456789-abcdefghijklmnop";
    public const string Issuer = "portfoliotracker";
    public const string Audience = "portfoliotracker-api";
    public const string AdminEmail = "root@portfoliotracker.test";
    public const string AdminPassword = "RootPassw0rd!";

    private readonly Dictionary<string, string?> settings = new(StringComparer.Ordinal);

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>What the API logged (the latest entries), alongside its usual console output.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The environment the host runs in (default <c>Testing</c>, which is treated like production).</summary>
    protected virtual string EnvironmentName => "Testing";

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        settings["ConnectionStrings:Postgres"] = ConnectionString;
        settings["Jwt:SigningKey"] = SigningKey;
        settings["Bootstrap:AdminEmail"] = AdminEmail;
        settings["Bootstrap:AdminPassword"] = AdminPassword;
        settings["Passwords:Iterations"] = "1000";
        settings["Prices:Provider"] = "Simulated";
        settings["Prices:RefreshEnabled"] = "false";

        // The tests send many requests quickly from one client; the rate-limiting tests turn the limits on themselves.
        settings["RateLimiting:Enabled"] = "false";
        Configure(settings);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ConnectionString.Length > 0 && OwnsDatabase)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
            ConnectionString = string.Empty;
        }

        GC.SuppressFinalize(this);
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    /// <summary>Whether the database is this factory's own, dropped when it is disposed.</summary>
    protected virtual bool OwnsDatabase => true;

    /// <summary>The database the API uses: a new one unless a derived factory shares one.</summary>
    protected virtual Task<string> CreateDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    /// <summary>Lets a derived factory change settings before the host starts.</summary>
    protected virtual void Configure(IDictionary<string, string?> configuration)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        return base.CreateHost(builder);
    }
}

/// <summary>All HTTP tests share one API and database; each test uses users of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Audit;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Portfolio;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Telemetry;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Infrastructure.Identity;
using PortfolioTracker.Infrastructure.Persistence;
using PortfolioTracker.Infrastructure.Persistence.Accounts;
using PortfolioTracker.Infrastructure.Persistence.Assets;
using PortfolioTracker.Infrastructure.Persistence.Audit;
using PortfolioTracker.Infrastructure.Persistence.Idempotency;
using PortfolioTracker.Infrastructure.Persistence.Ledger;
using PortfolioTracker.Infrastructure.Persistence.Migrations;
using PortfolioTracker.Infrastructure.Persistence.Portfolio;
using PortfolioTracker.Infrastructure.Persistence.Users;
using PortfolioTracker.Infrastructure.Prices;
using PortfolioTracker.Infrastructure.Prices.Http;
using PortfolioTracker.Infrastructure.Prices.Simulated;
using PortfolioTracker.Infrastructure.Streaming;
using PortfolioTracker.Infrastructure.Startup;

namespace PortfolioTracker.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>PostgreSQL, repositories and query services, identity services, start-up tasks and health checks.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName);
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.SectionName)
            .Validate(o => o.AccessTokenMinutes is >= 1 and <= 1440, "Jwt:AccessTokenMinutes must be between 1 and 1440.")
            .Validate(o => o.RefreshTokenDays is >= 1 and <= 365, "Jwt:RefreshTokenDays must be between 1 and 365.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Issuer) && !string.IsNullOrWhiteSpace(o.Audience), "Jwt:Issuer and Jwt:Audience must be set.")
            .ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.SectionName)
            .Validate(o => o.Iterations >= 1, "Passwords:Iterations must be positive.");
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);

        services.AddSingleton(provider => CreateDataSource(
            provider.GetRequiredService<IConfiguration>(),
            provider.GetRequiredService<ILoggerFactory>(),
            pooled: true));
        services.AddSingleton(provider => new DedicatedConnections(CreateDataSource(
            provider.GetRequiredService<IConfiguration>(),
            provider.GetRequiredService<ILoggerFactory>(),
            pooled: false)));

        // Write side: one session (connection + transaction) per request, shared by the repositories.
        services.AddScoped<DbSession>();
        services.AddScoped<IUnitOfWork>(provider => provider.GetRequiredService<DbSession>());
        services.AddScoped<IUserRepository, UserRepository>();
        services.AddScoped<IRefreshTokenRepository, RefreshTokenRepository>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<AccountRepository>();
        services.AddScoped<IAccountRepository>(provider => provider.GetRequiredService<AccountRepository>());
        services.AddScoped<IAssetRepository, AssetRepository>();
        services.AddScoped<ILedgerRepository, LedgerRepository>();
        services.AddScoped<IIdempotencyStore, IdempotencyStore>();
        services.AddSingleton<WorldAccounts>();
        services.AddSingleton<IAssetCatalog, AssetCatalog>();

        // Read side.
        services.AddSingleton<IUserQueries, UserQueries>();
        services.AddSingleton<IAccountQueries, AccountQueries>();
        services.AddSingleton<ITransactionQueries, TransactionQueries>();
        services.AddSingleton<IAuditQueries, AuditQueries>();
        services.AddSingleton<IPortfolioQueries, PortfolioQueries>();


        // Identity.
        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<ITokenService, TokenService>();
        services.AddSingleton<IPasswordHasher, PasswordHasher>();
        services.AddSingleton<IUserSessions, UserSessions>();
        services.AddSingleton<AdminBootstrapper>();

        // Start-up, before the server accepts requests: the signing key, then migrations and the admin.
        services.AddSingleton<MigrationRunner>();
        services.AddHostedService<SecurityStartup>();
        services.AddHostedService<DatabaseStartup>();

        // Market data: the providers chained by Prices:Provider and Prices:Fallbacks, behind one cache per instance.
        services.AddOptions<PricesOptions>().BindConfiguration(PricesOptions.SectionName)
            .Validate(o => PriceSources.Order(o).All(PriceSources.ByName.ContainsKey), $"Prices:Provider and Prices:Fallbacks must name known providers ({string.Join(", ", PriceSources.ByName.Keys)}).")
            .Validate(o => o.CacheTtlSeconds >= 1 && o.MaxCacheEntries >= 1 && o.NegativeCacheSeconds >= 1, "Prices cache settings must be positive.")
            .ValidateOnStart();
        services.AddOptions<SimulatedOptions>().BindConfiguration($"{PricesOptions.SectionName}:Simulated");
        services.AddSingleton<SimulatedPriceSource>();
        services.AddHttpPriceSources();
        services.AddSingleton(PriceSources.CreateChain);
        services.AddSingleton<MarketDataService>();
        services.AddSingleton<IMarketData>(provider => provider.GetRequiredService<MarketDataService>());
        services.AddSingleton<IObservableMetrics, PriceMetrics>();

        // Housekeeping, once the schema is there.
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.SectionName);
        services.AddHostedService<IdempotencyKeyCleanup>();
        // Live prices: one instance refreshes (advisory-lock leader) and publishes ticks over LISTEN/NOTIFY; every
        // instance takes them into its cache and fans them out to its stream subscribers.
        services.AddSingleton<PriceTickHub>();
        services.AddSingleton<IPriceTicks>(provider => provider.GetRequiredService<PriceTickHub>());
        services.AddSingleton<PriceTickBus>();
        services.AddHostedService(provider => provider.GetRequiredService<PriceTickBus>());
        services.AddSingleton<PriceInterest>();
        services.AddHostedService(provider => provider.GetRequiredService<PriceInterest>());
        services.AddSingleton<RefreshLeadership>();
        services.AddHostedService(provider => provider.GetRequiredService<RefreshLeadership>());
        services.AddHostedService<PriceRefresher>();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, ["ready"]);
        return services;
    }

    /// <summary>Prepared statements kept per connection when the connection string does not say.</summary>
    internal const int DefaultMaxAutoPrepare = 100;

    private static NpgsqlDataSource CreateDataSource(IConfiguration configuration, ILoggerFactory loggerFactory, bool pooled)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment: ConnectionStrings__{ConnectionStringName}). " +
                "build/run.sh starts a local PostgreSQL and sets it for you.");
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            builder.ConnectionStringBuilder.ApplicationName = "portfoliotracker";
        }

        // Day and hour buckets are computed by the database: they are UTC days whatever the server's own TimeZone is
        // (in a zone with daylight saving, interval '1 day' would otherwise be 23 or 25 hours twice a year).
        builder.ConnectionStringBuilder.Timezone = "UTC";
        if (!pooled)
        {
            builder.ConnectionStringBuilder.Pooling = false;
        }

        // Statements run over and over (every query of the API is a constant SQL text) are prepared on each physical
        // connection after a few uses: PostgreSQL then skips parsing and planning, which costs more than executing most
        // of our queries. The connection string's own "Max Auto Prepare" (0 turns it off) wins.
        if (pooled && !Mentions(connectionString, "maxautoprepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        // A pooled connection handed out again is not reset (RESET ALL, DISCARD …, one more statement on the next
        // round trip): no code changes session state on a pooled connection (LISTEN and advisory locks live on the
        // dedicated, unpooled ones; the migrations' lock is released in a finally). "No Reset On Close" in the
        // connection string wins.
        if (pooled && !Mentions(connectionString, "noresetonclose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        // The pool's name labels its metrics (db.client.connection.pool.name); without one it is the connection string.
        builder.Name = pooled ? "portfoliotracker" : "portfoliotracker-dedicated";
        builder.UseLoggerFactory(loggerFactory);
        return builder.Build();
    }

    private static bool Mentions(string connectionString, string keyword)
    {
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return parsed.Keys.Cast<string>().Any(key => string.Equals(key.Replace(" ", string.Empty, StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase));
    }
}

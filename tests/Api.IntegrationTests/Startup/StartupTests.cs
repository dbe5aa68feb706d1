using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Startup;

public sealed class StartupTests
{
    [Theory]
    [InlineData("Production", null)]
    [InlineData("Production", "too-short-key")]
    [InlineData("Production", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("Staging", "")]
    public async Task OutsideDevelopment_AWeakOrMissingSigningKey_StopsStartUp(string environment, string? key)
    {
        await using var factory = new CustomFactory(environment, settings => settings["Jwt:SigningKey"] = key);
        await factory.InitializeAsync();

        var failure = Should.Throw<Exception>(() => factory.CreateClient());

        Flatten(failure).ShouldContain("Jwt:SigningKey");
    }

    [Fact]
    public async Task InDevelopment_AMissingSigningKey_IsGenerated_AndTokensWork()
    {
        await using var factory = new CustomFactory("Development", settings => settings["Jwt:SigningKey"] = null);
        await factory.InitializeAsync();
        var client = factory.CreateClient();

        var user = await client.RegisterAndLoginAsync();

        await (await client.GetAsync("/api/v1/users/me", user.AccessToken)).ShouldBeAsync(200);
    }

    [Fact]
    public async Task BootstrapAdmin_IsCreated_AndOnTheNextStartItsPasswordFollowsConfiguration()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        try
        {
            await using (var first = new CustomFactory("Testing", s => s["ConnectionStrings:Postgres"] = database))
            {
                await first.InitializeAsync();
                var client = first.CreateClient();
                var admin = await client.LoginAdminAsync();
                (await (await client.GetAsync("/api/v1/users/me", admin.AccessToken)).ShouldBeAsync(200)).Str("role").ShouldBe("admin");
            }

            await using (var second = new CustomFactory("Testing", s =>
            {
                s["ConnectionStrings:Postgres"] = database;
                s["Bootstrap:AdminPassword"] = "ChangedPassw0rd!";
            }))
            {
                await second.InitializeAsync();
                var client = second.CreateClient();
                await (await client.PostJsonAsync("/api/v1/auth/login", new { email = ApiFactory.AdminEmail, password = ApiFactory.AdminPassword })).ShouldBeAsync(401);
                await client.LoginAsync(ApiFactory.AdminEmail, "ChangedPassw0rd!");
            }
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Readiness_Is503UntilMigrationsAreApplied_WhileLivenessIs200()
    {
        await using var factory = new CustomFactory("Testing", s =>
        {
            s["Database:MigrateOnStartup"] = "false";
            s["Bootstrap:AdminEmail"] = null;
        });
        await factory.InitializeAsync();
        var client = factory.CreateClient();

        await (await client.GetAsync("/health/live", token: null)).ShouldBeAsync(200);
        var ready = await client.GetAsync("/health/ready", token: null);
        (await ready.ShouldBeAsync(503)).Str("status").ShouldBe("unhealthy");
        ready.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task Readiness_Is503WhenTheDatabaseGoesAway()
    {
        await using var factory = new CustomFactory("Testing", _ => { });
        await factory.InitializeAsync();
        var client = factory.CreateClient();
        await (await client.GetAsync("/health/ready", token: null)).ShouldBeAsync(200);

        await using (var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString))
        {
            await admin.OpenAsync();
            var name = new NpgsqlConnectionStringBuilder(factory.ConnectionString).Database;
            await using var command = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", admin);
            await command.ExecuteNonQueryAsync();
        }

        await (await client.GetAsync("/health/ready", token: null)).ShouldBeAsync(503);
        await (await client.GetAsync("/health/live", token: null)).ShouldBeAsync(200);
    }

    [Fact]
    public async Task DatabaseSessions_AreInUtc_EvenWhenTheDatabaseDefaultsToAZoneWithDaylightSaving()
    {
        await using var factory = new CustomFactory("Testing", _ => { });
        await factory.InitializeAsync();
        var database = new NpgsqlConnectionStringBuilder(factory.ConnectionString).Database;
        await using (var admin = new NpgsqlConnection(factory.ConnectionString))
        {
            await admin.OpenAsync();
            await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" SET timezone = 'America/New_York'", admin);
            await alter.ExecuteNonQueryAsync();
        }

        await using (var plain = new NpgsqlConnection(factory.ConnectionString + ";Pooling=false"))
        {
            await plain.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW TimeZone", plain);
            (await show.ExecuteScalarAsync()).ShouldBe("America/New_York", "a session that does not ask for UTC gets the database's zone");
        }

        _ = factory.CreateClient();
        await using var connection = await factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SHOW TimeZone", connection);

        (await command.ExecuteScalarAsync()).ShouldBe("UTC");
    }

    private static string Flatten(Exception exception) =>
        exception.InnerException is null ? exception.Message : exception.Message + " | " + Flatten(exception.InnerException);

    private sealed class CustomFactory(string environment, Action<IDictionary<string, string?>> configure) : ApiFactory
    {
        protected override string EnvironmentName => environment;

        protected override void Configure(IDictionary<string, string?> configuration) => configure(configuration);
    }
}

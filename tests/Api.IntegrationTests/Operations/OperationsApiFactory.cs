using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Operations;

/// <summary>
/// An API of one test, with settings of its own (rate limits are on unless the settings say otherwise), served by a
/// real Kestrel server on the loopback interface, so that clients have a real address (127.0.0.1), headers pass
/// through Kestrel's limits, and what the API logs is kept in <see cref="LogLines"/>.
/// </summary>
public sealed class OperationsApiFactory : ApiFactory
{
    private readonly Action<IDictionary<string, string?>> configure;
    private readonly string environment;

    public OperationsApiFactory(Action<IDictionary<string, string?>> configure, string environment = "Testing")
    {
        this.configure = configure;
        this.environment = environment;
        UseKestrel(0);
    }

    /// <summary>Every log entry the API wrote, as "Level Category: message".</summary>
    public ConcurrentQueue<string> LogLines { get; } = new();

    /// <summary>Where the server listens (<c>http://127.0.0.1:port</c>).</summary>
    public Uri BaseAddress
    {
        get
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    protected override string EnvironmentName => environment;

    /// <summary>Creates the database and starts the server.</summary>
    public static async Task<OperationsApiFactory> StartAsync(Action<IDictionary<string, string?>> configure, string environment = "Testing")
    {
        var factory = new OperationsApiFactory(configure, environment);
        try
        {
            await factory.InitializeAsync();
            factory.StartServer();
            return factory;
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the real server.</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    protected override void Configure(IDictionary<string, string?> configuration)
    {
        configuration["RateLimiting:Enabled"] = "true";
        configure(configuration);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new QueueLoggerProvider(LogLines)));
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, entries);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}

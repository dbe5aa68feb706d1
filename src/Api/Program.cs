using System.Reflection;
using PortfolioTracker.Api;
using PortfolioTracker.Api.Health;
using PortfolioTracker.Api.OpenApi;
using PortfolioTracker.Api.Telemetry;
using PortfolioTracker.Application;
using PortfolioTracker.Infrastructure;

if (args is [HealthProbe.Command, ..])
{
    return await HealthProbe.RunAsync(args);
}

// The slim builder leaves out what an API on Linux never uses — HTTP/3 over QUIC, IIS integration, the Debug and
// EventSource log providers — which is less code loaded and a few MB less memory (docs/performance.md). What else the
// full builder gives is added back: HTTPS endpoints from configuration here, AllowedHosts in AddApi/UseApi.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();

// ASPNETCORE_URLS (or --urls) decides where we listen; without either, the documented default.
if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey])
    && string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.HttpPortsKey])
    && string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.HttpsPortsKey]))
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.AddApiLogging();
builder.Services
    .AddApplication()
    .AddInfrastructure()
    .AddApi(builder.Configuration);
if (BuildTimeDocument.IsGenerating)
{
    // The build is writing docs/openapi/v1.json: no database, signing key or background work needed (or available),
    // and only warnings in the build's output.
    builder.Services.WithoutStartupWork();
    builder.Logging.AddFilter(category: null, LogLevel.Warning);
}

var app = builder.Build();
app.UseApi();

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is not OperationCanceledException && Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // The host has logged the details; end with the reason on one line and a plain failure exit code. (When another
    // program hosts us, e.g. the integration tests' factory, the exception is left to it.)
    await Console.Error.WriteLineAsync($"PortfolioTracker could not start: {exception.Message}");
    return 1;
}

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

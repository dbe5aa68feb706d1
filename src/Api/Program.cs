using PortfolioTracker.Api;
using PortfolioTracker.Application;
using PortfolioTracker.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

// ASPNETCORE_URLS (or --urls) decides where we listen; without either, the documented default.
if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey])
    && string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.HttpPortsKey])
    && string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.HttpsPortsKey]))
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.Services
    .AddApplication()
    .AddInfrastructure()
    .AddApi(builder.Configuration);

var app = builder.Build();
app.UseApi();
app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

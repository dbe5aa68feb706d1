using Microsoft.Extensions.Options;

namespace PortfolioTracker.Api.Bench;

/// <summary>
/// The benchmark's reference points, mapped only when <c>Bench:Enabled</c> is true and left out of the OpenAPI
/// document: <c>GET /api/v1/bench/ping</c> (the cheapest JSON answer the server can give: the ceiling of every read),
/// <c>GET /api/v1/bench/ping/authenticated</c> (the same behind the bearer authentication of every API endpoint: the
/// ceiling of every authenticated read) and <c>POST /api/v1/bench/transfer</c> (a transfer with the same SQL as <c>POST /transactions/transfer</c>, without
/// MVC, the mediator, validation or idempotency replay, the caller's token only naming the key's user: the ceiling of
/// the full stack).
/// </summary>
internal static partial class BenchEndpoints
{
    public static WebApplication MapBenchEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<BenchOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BenchEndpoints).FullName!);
        if (app.Environment.IsProduction() && !options.AllowInProduction)
        {
            LogRefused(logger);
            return app;
        }

        LogEnabled(logger, app.Environment.EnvironmentName);
        var bench = app.MapGroup("/api/v1/bench").ExcludeFromDescription();
        bench.MapGet("/ping", () => TypedResults.Ok(new Pong("pong"))).AllowAnonymous();
        bench.MapPost("/transfer", BareTransfer.HandleAsync).AllowAnonymous(); // checks the token's user itself
        bench.MapGet("/ping/authenticated", () => TypedResults.Ok(new Pong("pong"))).RequireAuthorization();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bench:Enabled is set in Production without Bench:AllowInProduction: the benchmark endpoints stay off")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Benchmark endpoints are on (/api/v1/bench/*; the bare transfer moves money with no validation, replay or limits, checking only that the token's user owns the source account) in {Environment}: never in a real deployment")]
    private static partial void LogEnabled(ILogger logger, string environment);

    /// <summary>The ping's answer.</summary>
    internal sealed record Pong(string Status);
}

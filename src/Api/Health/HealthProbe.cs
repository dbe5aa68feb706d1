namespace PortfolioTracker.Api.Health;

/// <summary>
/// <c>dotnet PortfolioTracker.Api.dll healthcheck [url]</c>: asks a running instance whether it is alive and exits
/// 0 or 1. The container image has no curl or shell, so its HEALTHCHECK uses this.
/// </summary>
internal static class HealthProbe
{
    public const string Command = "healthcheck";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"health check of {url} failed: {exception.Message}");
            return 1;
        }
    }

    /// <summary>The liveness endpoint on the first port this process would listen on (default 8080).</summary>
    private static string DefaultUrl()
    {
        var urls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = first is not null && Uri.TryCreate(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.Port
            : int.TryParse(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS")?.Split(';')[0], out var httpPort) ? httpPort : 8080;
        return $"http://127.0.0.1:{port}/health/live";
    }
}

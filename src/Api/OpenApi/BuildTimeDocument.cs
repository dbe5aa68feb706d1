using System.Reflection;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// Build-time generation of <c>docs/openapi/v1.json</c>. The build (package Microsoft.Extensions.ApiDescription.Server)
/// runs this application's entry point inside its <c>GetDocument.Insider</c> tool with a server that never listens, waits
/// until the host has started and asks the document provider for every document. The document needs the endpoints and
/// the services behind them, not the database, the signing key or any background work: in that run the start-up work of
/// our layers is left out, so the document can be written on a machine with nothing but the SDK.
/// </summary>
internal static class BuildTimeDocument
{
    /// <summary>The assembly the build runs the entry point from.</summary>
    public const string GeneratorAssemblyName = "GetDocument.Insider";

    /// <summary>Whether this process is the build writing the OpenAPI document (and not a server).</summary>
    public static bool IsGenerating => Assembly.GetEntryAssembly()?.GetName().Name == GeneratorAssemblyName;

    /// <summary>
    /// Removes the hosted services registered by our layers (the signing-key check, migrations and the bootstrap admin,
    /// the price refresher and feed, housekeeping, telemetry start-up). The framework's own stay.
    /// </summary>
    public static IServiceCollection WithoutStartupWork(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var ours = services.Where(d => d.ServiceType == typeof(IHostedService) && IsOurs(d)).ToList();
        foreach (var descriptor in ours)
        {
            services.Remove(descriptor);
        }

        return services;
    }

    private static bool IsOurs(ServiceDescriptor descriptor)
    {
        var type = descriptor.IsKeyedService
            ? null
            : descriptor.ImplementationType ?? descriptor.ImplementationFactory?.Method.DeclaringType ?? descriptor.ImplementationInstance?.GetType();
        return type?.Assembly.GetName().Name?.StartsWith("PortfolioTracker.", StringComparison.Ordinal) == true;
    }
}

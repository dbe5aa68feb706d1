using Microsoft.Extensions.Options;

namespace PortfolioTracker.Api.Streaming;

internal static class PriceSocketSetup
{
    /// <summary>The <c>Streaming</c> settings (checked at start-up), the WebSocket middleware's keep-alive, and the socket host.</summary>
    public static IServiceCollection AddPriceSockets(this IServiceCollection services)
    {
        services.AddOptions<PriceSocketOptions>().BindConfiguration(PriceSocketOptions.SectionName)
            .Validate(o => o.KeepAliveIntervalSeconds is >= 1 and <= 3600, "Streaming:KeepAliveIntervalSeconds must be between 1 and 3600.")
            .Validate(o => o.KeepAliveTimeoutSeconds is >= 1 and <= 3600, "Streaming:KeepAliveTimeoutSeconds must be between 1 and 3600.")
            .Validate(o => o.MaxSubscriptionsPerConnection is >= 1 and <= 10_000, "Streaming:MaxSubscriptionsPerConnection must be between 1 and 10000.")
            .Validate(o => o.MaxMessageBytes is >= 256 and <= 1024 * 1024, "Streaming:MaxMessageBytes must be between 256 and 1048576.")
            .Validate(o => o.CloseTimeoutSeconds is >= 1 and <= 60, "Streaming:CloseTimeoutSeconds must be between 1 and 60.")
            .ValidateOnStart();
        services.AddOptions<WebSocketOptions>().Configure<IOptions<PriceSocketOptions>>((sockets, streaming) =>
        {
            sockets.KeepAliveInterval = streaming.Value.KeepAliveInterval;
            sockets.KeepAliveTimeout = streaming.Value.KeepAliveTimeout;
        });
        services.AddSingleton<PriceSockets>();
        return services;
    }
}

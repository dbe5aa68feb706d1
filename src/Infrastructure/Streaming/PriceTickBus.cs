using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;
using PortfolioTracker.Infrastructure.Persistence;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Infrastructure.Streaming;

/// <summary>
/// Carries price ticks between the API instances of one database over PostgreSQL LISTEN/NOTIFY: the refreshing
/// instance publishes (split into notifications under PostgreSQL's 8,000-byte limit), and every instance — itself
/// included — takes each tick into its price cache and offers it to its subscribers. While the listening session is
/// down it reconnects with a backoff, and ticks of this instance are delivered locally.
/// </summary>
internal sealed partial class PriceTickBus(
    DedicatedConnections connections,
    NpgsqlDataSource dataSource,
    PriceTickHub hub,
    MarketDataService market,
    ILogger<PriceTickBus> logger) : BackgroundService
{
    public const string Channel = "portfoliotracker_price_ticks";

    /// <summary>Payload bytes per notification (PostgreSQL refuses 8,000 and more).</summary>
    internal const int MaxPayloadBytes = 7_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromSeconds(15);

    private readonly Guid instance = Guid.NewGuid();
    private long sequence;
    private int listening;

    /// <summary>Whether this instance receives ticks from the database now.</summary>
    public bool Listening => Volatile.Read(ref listening) == 1;

    /// <summary>Publishes fresh prices to every instance (this one included).</summary>
    public async Task PublishAsync(IReadOnlyList<MarketPrice> prices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prices);
        if (prices.Count == 0)
        {
            return;
        }

        var tick = new PriceTick(Interlocked.Increment(ref sequence), DateTimeOffset.UtcNow, prices);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection);
            foreach (var payload in Payloads(instance, tick))
            {
                var command = new NpgsqlBatchCommand("SELECT pg_notify(@channel, @payload)");
                command.Parameters.AddWithValue("channel", Channel);
                command.Parameters.AddWithValue("payload", payload);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            if (!Listening)
            {
                hub.Publish(tick);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPublishFailed(logger, exception.Message);
            hub.Publish(tick);
        }
    }

    /// <summary>The tick as notification payloads, each under <see cref="MaxPayloadBytes"/>.</summary>
    internal static IEnumerable<string> Payloads(Guid instance, PriceTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        var part = new List<TickPrice>();
        var size = 0;
        foreach (var price in tick.Prices.Select(TickPrice.From))
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(price, Json).Length + 1;
            if (part.Count > 0 && size + bytes > MaxPayloadBytes - 200)
            {
                yield return Serialize(instance, tick, part);
                part = [];
                size = 0;
            }

            part.Add(price);
            size += bytes;
        }

        yield return Serialize(instance, tick, part);
    }

    /// <summary>Reads a payload back; null when it is not a tick.</summary>
    internal static PriceTick? Parse(string payload)
    {
        try
        {
            var message = JsonSerializer.Deserialize<TickMessage>(payload, Json);
            return message is { Prices: { } prices }
                ? new PriceTick(message.Sequence, message.PublishedAt, [.. prices.Select(p => p.ToMarketPrice())])
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await connections.OpenAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Volatile.Write(ref listening, 1);
                backoff = TimeSpan.FromSeconds(1);
                LogListening(logger);
                while (true)
                {
                    if (!await connection.WaitAsync(LivenessCheck, stoppingToken))
                    {
                        // Quiet for a while: make sure the session is still alive (a dead peer would never say).
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                Volatile.Write(ref listening, 0);
                LogListenFailed(logger, exception.Message, backoff.TotalSeconds);
            }
            finally
            {
                Volatile.Write(ref listening, 0);
            }

            try
            {
                await Task.Delay(backoff, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromSeconds(Math.Min(30, backoff.TotalSeconds * 2));
        }

        hub.Complete();
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
    {
        if (notification.Channel != Channel || Parse(notification.Payload) is not { } tick)
        {
            return;
        }

        market.Accept(tick.Prices);
        hub.Publish(tick);
    }

    private static string Serialize(Guid instance, PriceTick tick, List<TickPrice> prices) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new TickMessage(instance, tick.Sequence, tick.PublishedAt, prices), Json));

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for price ticks")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for price ticks failed ({Reason}); retrying in {Seconds} s")]
    private static partial void LogListenFailed(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a price tick failed ({Reason}); delivered to this instance only")]
    private static partial void LogPublishFailed(ILogger logger, string reason);

    private sealed record TickMessage(Guid Instance, long Sequence, DateTimeOffset PublishedAt, List<TickPrice>? Prices);

    /// <summary>One price in a notification, with short member names (the payload is size-limited).</summary>
    private sealed record TickPrice(string C, string V, decimal P, decimal? M, decimal? H, DateTimeOffset F, string S, string? Y, string? N)
    {
        public static TickPrice From(MarketPrice price) =>
            new(price.CoinId, price.Vs, price.Price, price.MarketCap, price.Change24h, price.FetchedAt, price.Source, price.Symbol, price.Name);

        public MarketPrice ToMarketPrice() => new(C, Y, N, P, M, H, V, F, S, Stale: false);
    }
}

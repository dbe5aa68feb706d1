using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PortfolioTracker.Application.Prices.Streaming;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Infrastructure.Streaming;

/// <summary>A price some instance wants kept fresh; <see cref="Streaming"/> when a live stream follows it.</summary>
internal readonly record struct WantedPrice(PriceKey Key, bool Streaming);

/// <summary>
/// Tells the refreshing instance (whichever it is) what this instance needs: every few seconds — and at once when a
/// subscriber follows a new price — it writes the prices its subscribers follow and those its users asked for in the
/// last ten minutes to <c>price_interest</c>, and removes what it no longer needs. Rows of instances that stopped
/// renewing them expire.
/// </summary>
internal sealed partial class PriceInterest(
    NpgsqlDataSource dataSource,
    PriceTickHub hub,
    MarketDataService market,
    ILogger<PriceInterest> logger) : BackgroundService
{
    /// <summary>Rows older than this are ignored (their instance stopped renewing them) and deleted.</summary>
    internal static readonly TimeSpan Expiry = TimeSpan.FromSeconds(45);

    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(10);

    private readonly Guid instance = Guid.NewGuid();
    private readonly SemaphoreSlim changed = new(0, 1);

    /// <summary>Every price some live instance wants kept fresh.</summary>
    public async Task<IReadOnlyList<WantedPrice>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Coin, string Vs, bool Streaming)>(new CommandDefinition(
            """
            SELECT coin, vs, bool_or(streaming)
            FROM price_interest
            WHERE seen_at > now() - make_interval(secs => @expiry)
            GROUP BY coin, vs
            """,
            new { expiry = Expiry.TotalSeconds },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new WantedPrice(new PriceKey(r.Coin, r.Vs), r.Streaming))];
    }

    /// <summary>Writes what this instance wants now.</summary>
    internal async Task RenewAsync(CancellationToken cancellationToken)
    {
        var streaming = hub.Followed.ToHashSet();
        var wanted = streaming.Select(k => new WantedPrice(k, true))
            .Concat(market.RecentlyRequested(RecentWindow).Select(r => new PriceKey(r.Coin, r.Vs)).Where(k => !streaming.Contains(k)).Select(k => new WantedPrice(k, false)))
            .ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM price_interest WHERE instance_id = @instance OR seen_at < now() - make_interval(secs => @expiry);
            INSERT INTO price_interest (instance_id, coin, vs, streaming, seen_at)
            SELECT @instance, w.coin, w.vs, w.streaming, now()
            FROM unnest(@coins::text[], @vss::text[], @streamings::boolean[]) AS w (coin, vs, streaming);
            """,
            new
            {
                instance,
                expiry = Expiry.TotalSeconds,
                coins = wanted.Select(w => w.Key.Coin).ToArray(),
                vss = wanted.Select(w => w.Key.Vs).ToArray(),
                streamings = wanted.Select(w => w.Streaming).ToArray(),
            },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        hub.FollowedChanged += OnFollowedChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RenewAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, exception.Message);
                }

                try
                {
                    await changed.WaitAsync(RenewEvery, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            hub.FollowedChanged -= OnFollowedChanged;
            await ForgetAsync();
        }
    }

    public override void Dispose()
    {
        changed.Dispose();
        base.Dispose();
    }

    private void OnFollowedChanged()
    {
        try
        {
            changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A renewal is already due.
        }
    }

    /// <summary>On the way out: this instance needs nothing any more.</summary>
    private async Task ForgetAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(grace.Token);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM price_interest WHERE instance_id = @instance", new { instance }, cancellationToken: grace.Token));
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // The rows expire on their own.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing this instance's price interest failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}

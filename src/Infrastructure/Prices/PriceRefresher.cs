using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Prices.Streaming;
using PortfolioTracker.Infrastructure.Streaming;

namespace PortfolioTracker.Infrastructure.Prices;

/// <summary>
/// Keeps the prices users are about to need warm, on the one instance that leads (see <see cref="RefreshLeadership"/>):
/// every round it fetches the prices live streams follow on any instance, and — only when they would expire before the
/// next round — the coins anyone holds (in the vs currency of each holding account) and the coins asked for lately on
/// any instance. One upstream call per vs currency per round keeps it well inside the provider's budget. What it
/// fetched is published as a tick to every instance's cache and streams.
/// </summary>
internal sealed partial class PriceRefresher(
    MarketDataService market,
    NpgsqlDataSource dataSource,
    RefreshLeadership leadership,
    PriceInterest interest,
    PriceTickBus bus,
    IOptions<PricesOptions> options,
    TimeProvider clock,
    ILogger<PriceRefresher> logger) : BackgroundService
{
    private const int MaxIdsPerCall = 250;

    /// <summary>How long the list of held coins is reused before it is read again.</summary>
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(30);

    private IReadOnlyList<PriceKey> held = [];
    private DateTimeOffset heldReadAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RefreshEnabled)
        {
            return;
        }

        var interval = options.Value.RefreshInterval;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!leadership.IsLeader)
            {
                continue;
            }

            try
            {
                await RefreshOnceAsync(interval, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception);
            }
        }
    }

    /// <summary>One round: fetches what is due, publishes it, and answers how many prices were fetched.</summary>
    internal async Task<int> RefreshOnceAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var streamed = new HashSet<PriceKey>();
        var wanted = new HashSet<PriceKey>();
        foreach (var want in await interest.AllAsync(cancellationToken))
        {
            (want.Streaming ? streamed : wanted).Add(want.Key);
        }

        foreach (var (coin, vs, _) in market.RecentlyRequested(PriceInterest.Expiry))
        {
            wanted.Add(new PriceKey(coin, vs));
        }

        wanted.UnionWith(await HeldAsync(cancellationToken));
        var due = streamed.Concat(wanted.Where(w => !streamed.Contains(w) && !market.IsFreshFor(w.Coin, w.Vs, interval))).ToList();
        foreach (var byVs in due.GroupBy(w => w.Vs))
        {
            foreach (var chunk in byVs.Select(w => w.Coin).Chunk(MaxIdsPerCall))
            {
                await market.RefreshAsync(chunk, byVs.Key);
            }
        }

        var fetched = due.Select(k => market.Fresh(k.Coin, k.Vs)).OfType<MarketPrice>().ToList();
        await bus.PublishAsync(fetched, cancellationToken);
        return due.Count;
    }

    /// <summary>Coins held in user accounts, in the vs currency of each holding account's base currency (if priced in).</summary>
    private async Task<IReadOnlyList<PriceKey>> HeldAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - heldReadAt < HeldFor)
        {
            return held;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Coin, string Vs)>(new CommandDefinition(
            """
            SELECT DISTINCT s.price_id, lower(a.base_currency)
            FROM balances b
            JOIN accounts a ON a.id = b.account_id
            JOIN assets s ON s.code = b.asset
            WHERE NOT b.allow_negative AND b.amount <> 0 AND s.price_id IS NOT NULL
            """,
            cancellationToken: cancellationToken));
        held = [.. rows.Select(r => new PriceKey(r.Coin, market.VsCurrencies.Contains(r.Vs) ? r.Vs : PriceRules.DefaultVs))];
        heldReadAt = clock.GetUtcNow();
        return held;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing prices failed; retrying next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

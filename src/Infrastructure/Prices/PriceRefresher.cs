using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Infrastructure.Prices;

/// <summary>
/// Keeps the prices users are about to need warm: the coins anyone holds (in the vs currencies of the accounts holding
/// them) and the coins asked for in the last ten minutes — one upstream call per vs currency per round, only for the
/// prices that would expire before the next round, so the refresher stays well inside the provider's budget.
/// </summary>
internal sealed partial class PriceRefresher(
    MarketDataService market,
    NpgsqlDataSource dataSource,
    IOptions<PricesOptions> options,
    ILogger<PriceRefresher> logger) : BackgroundService
{
    private const int MaxIdsPerCall = 250;
    private static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RefreshEnabled)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Max(5, options.Value.RefreshIntervalSeconds));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshOnceAsync(interval, stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or PriceSourceUnavailableException)
            {
                LogFailed(logger, exception);
            }
        }
    }

    internal async Task<int> RefreshOnceAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<(string Coin, string Vs)>();
        foreach (var (coin, vs, _) in market.RecentlyRequested(RecentWindow))
        {
            wanted.Add((coin, vs));
        }

        foreach (var held in await HeldAsync(cancellationToken))
        {
            wanted.Add(held);
        }

        var due = wanted.Where(w => !market.IsFreshFor(w.Coin, w.Vs, interval)).ToList();
        foreach (var byVs in due.GroupBy(w => w.Vs))
        {
            foreach (var chunk in byVs.Select(w => w.Coin).Chunk(MaxIdsPerCall))
            {
                await market.RefreshAsync(chunk, byVs.Key);
            }
        }

        return due.Count;
    }

    /// <summary>Coins held in user accounts, in the vs currency of each holding account's base currency (if priced in).</summary>
    private async Task<IReadOnlyList<(string Coin, string Vs)>> HeldAsync(CancellationToken cancellationToken)
    {
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
        return [.. rows.Select(r => (r.Coin, market.VsCurrencies.Contains(r.Vs) ? r.Vs : PriceRules.DefaultVs))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing prices failed; retrying next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

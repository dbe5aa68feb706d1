using MediatR;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Accounts.Queries.GetBalanceHistory;

/// <summary>
/// The closing balance of each hour or day (UTC) between <c>from</c> and <c>to</c>, oldest first; intervals before
/// the first posting show zero.
/// </summary>
internal sealed class GetBalanceHistoryQueryHandler(AccountAccess access, IAccountQueries queries, IAssetCatalog catalog, TimeProvider clock)
    : IRequestHandler<GetBalanceHistoryQuery, Result<ItemList<BalancePointDto>>>
{
    public async Task<Result<ItemList<BalancePointDto>>> Handle(GetBalanceHistoryQuery request, CancellationToken cancellationToken)
    {
        var account = await access.ReadAsync(request.AccountId, "balance_history", cancellationToken);
        if (account.IsFailure)
        {
            return account.Error;
        }

        var asset = await catalog.FindAsync(request.Asset ?? account.Value.BaseCurrency, cancellationToken)
            ?? throw new InvalidOperationException("The validator lets only known assets through.");
        var interval = request.Interval == "hour" ? BalanceInterval.Hour : BalanceInterval.Day;
        var (from, to) = Range(request, clock.GetUtcNow());
        return new ItemList<BalancePointDto>(await queries.HistoryAsync(request.AccountId, asset, from, to, interval, cancellationToken));
    }

    /// <summary>The range after defaults: <c>to</c> now, <c>from</c> 30 intervals earlier.</summary>
    internal static (DateTimeOffset From, DateTimeOffset To) Range(GetBalanceHistoryQuery request, DateTimeOffset now)
    {
        var step = request.Interval == "hour" ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var to = request.To ?? now;
        var from = request.From ?? to - (step * (GetBalanceHistoryQuery.DefaultPoints - 1));
        return (from, to);
    }

    /// <summary>
    /// How many intervals the answer would hold: one per hour or UTC day from the one containing <c>from</c> to the
    /// one containing <c>to</c>, as the query produces them.
    /// </summary>
    internal static long PointCount(GetBalanceHistoryQuery request, DateTimeOffset now)
    {
        var (from, to) = Range(request, now);
        var step = request.Interval == "hour" ? TimeSpan.TicksPerHour : TimeSpan.TicksPerDay;
        var first = from.UtcTicks / step;
        var last = to.UtcTicks / step;
        return last < first ? 0 : last - first + 1;
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PortfolioTracker.Application.Common.Telemetry;
using PortfolioTracker.Application.Prices;

namespace PortfolioTracker.Infrastructure.Prices;

/// <summary>What the providers said about a set of coins.</summary>
internal sealed record ChainPrices(
    IReadOnlyList<(ProviderQuote Quote, string Source)> Found,
    IReadOnlyCollection<string> Unknown,
    IReadOnlyCollection<string> Failed);

/// <summary>
/// The configured providers in order: the next one is asked while the ones before fail (down, rate limited, circuit
/// open) or cannot do what is asked. The first provider is authoritative on which coin ids exist: coins it answers
/// without are unknown; coins a fallback answers without stay merely unavailable. Each call to a provider is a span
/// (<c>prices.get_prices</c>, <c>prices.get_markets</c>, <c>prices.get_history</c>) tagged with the provider.
/// </summary>
internal sealed partial class PriceSourceChain(IReadOnlyList<Func<IPriceSource>> sources, ILogger<PriceSourceChain> logger)
{
    public async Task<ChainPrices> GetPricesAsync(IReadOnlyCollection<string> coinIds, string vs, CancellationToken cancellationToken)
    {
        var found = new List<(ProviderQuote, string)>();
        var remaining = coinIds.ToList();
        for (var i = 0; i < sources.Count && remaining.Count > 0; i++)
        {
            var source = sources[i]();
            using var activity = StartCall("prices.get_prices", source.Name, vs);
            activity?.SetTag("price.coins", remaining.Count);
            try
            {
                var quotes = await source.GetPricesAsync(remaining, vs, cancellationToken);
                activity?.SetTag("outcome", "answered");
                var answered = quotes.Where(q => remaining.Contains(q.CoinId, StringComparer.Ordinal)).ToList();
                found.AddRange(answered.Select(q => (q, source.Name)));
                var missing = remaining.Except(answered.Select(q => q.CoinId), StringComparer.Ordinal).ToList();
                if (i == 0)
                {
                    return new ChainPrices(found, missing, []);
                }

                remaining = missing;
            }
            catch (Exception exception) when (IsProviderFailure(exception, cancellationToken))
            {
                Failed(activity, exception);
                LogFellBack(logger, source.Name, exception.Message);
            }
        }

        return new ChainPrices(found, [], remaining);
    }

    /// <summary>The first provider that can rank coins by market capitalisation; null when none can now.</summary>
    public async Task<(IReadOnlyList<ProviderQuote> Quotes, string Source)?> GetMarketsAsync(string vs, int limit, CancellationToken cancellationToken)
    {
        foreach (var factory in sources)
        {
            var source = factory();
            using var activity = StartCall("prices.get_markets", source.Name, vs);
            try
            {
                var quotes = await source.GetMarketsAsync(vs, limit, cancellationToken);
                activity?.SetTag("outcome", "answered");
                return (quotes, source.Name);
            }
            catch (Exception exception) when (IsProviderFailure(exception, cancellationToken))
            {
                Failed(activity, exception);
                LogFellBack(logger, source.Name, exception.Message);
            }
        }

        return null;
    }

    /// <summary>
    /// The history from the first provider that answers: an empty answer of the first provider means the coin is unknown
    /// (an empty list); null when no provider could answer.
    /// </summary>
    public async Task<(IReadOnlyList<ProviderPricePoint> Points, string Source)?> GetHistoryAsync(
        string coinId, string vs, int days, CancellationToken cancellationToken)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i]();
            using var activity = StartCall("prices.get_history", source.Name, vs);
            try
            {
                var points = await source.GetHistoryAsync(coinId, vs, days, cancellationToken);
                activity?.SetTag("outcome", "answered");
                if (points.Count > 0 || i == 0)
                {
                    return (points, source.Name);
                }
            }
            catch (Exception exception) when (IsProviderFailure(exception, cancellationToken))
            {
                Failed(activity, exception);
                LogFellBack(logger, source.Name, exception.Message);
            }
        }

        return null;
    }

    private static Activity? StartCall(string name, string provider, string vs)
    {
        var activity = Instrumentation.ActivitySource.StartActivity(name, ActivityKind.Client);
        activity?.SetTag("price.provider", provider);
        activity?.SetTag("price.vs", vs);
        return activity;
    }

    private static void Failed(Activity? activity, Exception exception)
    {
        activity?.SetTag("outcome", "failed");
        activity?.SetTag("error.type", exception.GetType().FullName);
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
    }

    private static bool IsProviderFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is PriceSourceUnavailableException or NotSupportedException or HttpRequestException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Price provider {Provider} failed ({Reason}); trying the next one")]
    private static partial void LogFellBack(ILogger logger, string provider, string reason);
}

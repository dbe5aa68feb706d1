using System.Collections.Concurrent;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Api.IntegrationTests.Streaming;

/// <summary>Market data whose answers the test gives, one call at a time, whenever it likes.</summary>
internal sealed class HeldMarket : IMarketData
{
    private readonly ConcurrentQueue<Call> calls = new();
    private readonly SemaphoreSlim called = new(0);

    public IReadOnlyCollection<string> VsCurrencies { get; } = ["usd", "eur"];

    public TimeSpan FreshFor => TimeSpan.FromSeconds(60);

    /// <summary>The next call to <see cref="GetPricesAsync"/>, once it is made.</summary>
    public async Task<Call> NextCallAsync()
    {
        (await called.WaitAsync(PriceSocketClient.Patience)).ShouldBeTrue("the market was not asked");
        calls.TryDequeue(out var call).ShouldBeTrue();
        return call!;
    }

    public Task<IReadOnlyDictionary<string, PriceOutcome>> GetPricesAsync(
        IReadOnlyCollection<string> coinIds, string vs, TimeSpan? wait, CancellationToken cancellationToken)
    {
        var call = new Call([.. coinIds], vs, wait);
        calls.Enqueue(call);
        called.Release();
        return call.Answer.Task.WaitAsync(cancellationToken);
    }

    public Task<Result<IReadOnlyList<MarketPrice>>> GetPopularAsync(string vs, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<Result<IReadOnlyList<PricePoint>>> GetHistoryAsync(string coinId, string vs, int days, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public PriceCacheStats Stats() => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();

    public static MarketPrice Price(string coin, decimal price, DateTimeOffset fetchedAt, string vs = "usd") =>
        new(coin, "SYM", "Name", price, 1000m, 1.5m, vs, fetchedAt, "held", Stale: false);

    internal sealed record Call(IReadOnlyList<string> Coins, string Vs, TimeSpan? Wait)
    {
        public TaskCompletionSource<IReadOnlyDictionary<string, PriceOutcome>> Answer { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Give(params PriceOutcome[] outcomes) => Answer.SetResult(outcomes.ToDictionary(o => o.CoinId));
    }
}

using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Portfolio;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Portfolio;

/// <summary>
/// The substitutes the portfolio handlers stand on: a market that answers the prices and histories a test sets, the
/// caller's accounts, and the portfolio read side.
/// </summary>
internal sealed class PortfolioMarket
{
    private readonly Dictionary<(string Coin, string Vs), PriceOutcome> prices = [];
    private readonly Dictionary<(string Coin, string Vs), Result<IReadOnlyList<PricePoint>>> histories = [];

    public PortfolioMarket()
    {
        Market.VsCurrencies.Returns(["usd", "eur", "gbp", "btc", "eth"]);
        Market.GetPricesAsync(Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<string>(), Arg.Any<TimeSpan?>(), Arg.Any<CancellationToken>())
            .Returns(call => (IReadOnlyDictionary<string, PriceOutcome>)call.Arg<IReadOnlyCollection<string>>().ToDictionary(
                coin => coin,
                coin => prices.GetValueOrDefault((coin, call.ArgAt<string>(1))) ?? PriceOutcome.Failed(coin, PriceFailure.Unavailable)));
        Market.GetHistoryAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(call => histories.TryGetValue((call.ArgAt<string>(0), call.ArgAt<string>(1)), out var history)
                ? history
                : Result<IReadOnlyList<PricePoint>>.Failure(PriceErrors.Unavailable));
        AccountQueries.ListAsync(UserId, Arg.Any<CancellationToken>()).Returns([]);
    }

    public IMarketData Market { get; } = Substitute.For<IMarketData>();

    public IPortfolioQueries Queries { get; } = Substitute.For<IPortfolioQueries>();

    public IAccountQueries AccountQueries { get; } = Substitute.For<IAccountQueries>();

    public IAuditLog AuditLog { get; } = Substitute.For<IAuditLog>();

    public Guid UserId { get; } = Guid.NewGuid();

    public FakeTimeProvider Clock { get; } = new();

    public DateTimeOffset Now => Clock.Now;

    /// <summary>The caller's accounts (all of them, unless a query names one).</summary>
    public IReadOnlyList<Guid> AccountIds { get; private set; } = [];

    public PortfolioMarket WithAccounts(params Guid[] accountIds)
    {
        AccountIds = accountIds;
        var dtos = accountIds.Select(id => AccountDtoOf(id)).ToList();
        AccountQueries.ListAsync(UserId, Arg.Any<CancellationToken>()).Returns(dtos);
        foreach (var dto in dtos)
        {
            AccountQueries.FindAsync(dto.Id, Arg.Any<CancellationToken>()).Returns(new AccountView(dto, UserId));
        }

        return this;
    }

    public PortfolioMarket WithPrice(string coin, string vs, decimal price, bool stale = false, string source = "coingecko")
    {
        prices[(coin, vs)] = PriceOutcome.Of(new MarketPrice(coin, null, null, price, null, null, vs, Now.AddSeconds(-5), source, stale));
        return this;
    }

    public PortfolioMarket WithFailure(string coin, string vs, PriceFailure failure)
    {
        prices[(coin, vs)] = PriceOutcome.Failed(coin, failure);
        return this;
    }

    public PortfolioMarket WithHistory(string coin, string vs, params (DateTimeOffset At, decimal Price)[] points)
    {
        histories[(coin, vs)] = Result<IReadOnlyList<PricePoint>>.Success([.. points.Select(p => new PricePoint(p.At, p.Price))]);
        return this;
    }

    public PortfolioMarket Holding(params (string Asset, decimal Quantity)[] holdings)
    {
        Queries.HoldingsAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<CancellationToken>())
            .Returns([.. holdings.Select(h => new HoldingRow(h.Asset, h.Quantity))]);
        return this;
    }

    public PortfolioMarket WithEvents(params CostEvent[] events)
    {
        Queries.CostEventsAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<CancellationToken>()).Returns(_ => events.ToAsyncEnumerable());
        return this;
    }

    public PortfolioScope ScopeFor(ICurrentUser currentUser) =>
        new(new AccountAccess(AccountQueries, currentUser, AuditLog), AccountQueries, currentUser);

    public ICurrentUser Owner() => CurrentUsers.For(UserId);

    public CostBases CostBases() => new(Queries, TestAssets.Catalog(), new PriceOracle(Market), Clock);

    /// <summary>A buy of <paramref name="quantity"/> <paramref name="asset"/> that cost <paramref name="total"/> (fee included).</summary>
    public static CostEvent Bought(Guid account, DateTimeOffset at, string asset, decimal quantity, string quoteAsset, decimal total) =>
        new(at, Guid.NewGuid(), "trade", account, asset, quantity, "buy", asset, quoteAsset, total, null, null);

    /// <summary>The quote leg of a buy: <paramref name="total"/> of <paramref name="quoteAsset"/> leaving.</summary>
    public static CostEvent PaidFor(Guid account, DateTimeOffset at, string asset, string quoteAsset, decimal total) =>
        new(at, Guid.NewGuid(), "trade", account, quoteAsset, -total, "buy", asset, quoteAsset, total, null, null);

    public static CostEvent Sold(Guid account, DateTimeOffset at, string asset, decimal quantity, string quoteAsset, decimal total) =>
        new(at, Guid.NewGuid(), "trade", account, asset, -quantity, "sell", asset, quoteAsset, total, null, null);

    /// <summary>The proceeds of a sale arriving: <paramref name="total"/> of <paramref name="quoteAsset"/>.</summary>
    public static CostEvent Proceeds(Guid account, DateTimeOffset at, string asset, string quoteAsset, decimal total) =>
        new(at, Guid.NewGuid(), "trade", account, quoteAsset, total, "sell", asset, quoteAsset, total, null, null);

    public static CostEvent Credited(Guid account, DateTimeOffset at, string asset, decimal amount, decimal? unitPrice = null, string? priceAsset = null) =>
        new(at, Guid.NewGuid(), "credit", account, asset, amount, null, null, null, null, unitPrice, unitPrice is null ? null : priceAsset);

    public static CostEvent Debited(Guid account, DateTimeOffset at, string asset, decimal amount) =>
        new(at, Guid.NewGuid(), "debit", account, asset, -amount, null, null, null, null, null, null);

    /// <summary>Both legs of a transfer (one transaction) between two accounts.</summary>
    public static CostEvent[] Transferred(DateTimeOffset at, Guid from, Guid to, string asset, decimal amount)
    {
        var id = Guid.NewGuid();
        return
        [
            new(at, id, "transfer", to, asset, amount, null, null, null, null, null, null),
            new(at, id, "transfer", from, asset, -amount, null, null, null, null, null, null),
        ];
    }

    private static AccountDto AccountDtoOf(Guid id) =>
        new(id, $"account {id:N}"[..16], "USD", "open", FakeTimeProvider.DefaultNow, FakeTimeProvider.DefaultNow);
}

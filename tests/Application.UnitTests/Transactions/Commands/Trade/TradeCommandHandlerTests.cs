using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Trade;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Trade;

public class TradeCommandHandlerTests
{
    private readonly LedgerBooks books = new();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly IMarketData market = MarketDataSubstitute();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid ownerId = Guid.NewGuid();
    private readonly Account account;

    public TradeCommandHandlerTests()
    {
        account = new AccountBuilder().OwnedBy(ownerId).Build();
        books.Add(account);
        books.Seed(account, TestAssets.Usd, 100m);
        books.Seed(account, TestAssets.Btc, 1m);
    }

    [Fact]
    public async Task Handle_WhenNoPriceIsGiven_TradesAtTheFreshMarketPrice_AndRecordsIt()
    {
        MarketQuotes("bitcoin", "usd", 100.5m, stale: false);

        var result = await HandlerFor(Owner()).Handle(Buy() with { Price = null }, CancellationToken.None);

        // 0.25 BTC × 100.5 = 25.125 → 25.13 USD; + fee 1.00 → 26.13 paid.
        result.Value.Trade!.Price.ShouldBe("100.5");
        result.Value.Trade.QuoteAmount.ShouldBe("25.13");
        result.Value.Trade.Total.ShouldBe("26.13");
        books[account, TestAssets.Usd].Amount.ShouldBe(73.87m);
    }

    [Fact]
    public async Task Handle_WhenNoPriceIsGivenAndTheMarketPriceIsStale_ReturnsPriceRequiredWithoutTouchingTheLedger()
    {
        MarketQuotes("bitcoin", "usd", 100.5m, stale: true);

        var result = await HandlerFor(Owner()).Handle(Buy() with { Price = null }, CancellationToken.None);

        result.Error.ShouldBe(LedgerErrors.PriceRequired);
        result.Error.Code.ShouldBe("price_required");
        await books.Accounts.DidNotReceiveWithAnyArgs().LockForMovementAsync(default!, default);
        await books.Ledger.DidNotReceiveWithAnyArgs().LockBalancesAsync(default!, default, default);
    }

    [Fact]
    public async Task Handle_WhenNoPriceIsGivenAndNoneIsAvailable_ReturnsPriceRequired()
    {
        market.GetPricesAsync(Arg.Any<IReadOnlyCollection<string>>(), "usd", Arg.Any<TimeSpan?>(), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<string, PriceOutcome> { ["bitcoin"] = PriceOutcome.Failed("bitcoin", PriceFailure.Unavailable) });

        (await HandlerFor(Owner()).Handle(Buy() with { Price = null }, CancellationToken.None)).Error.ShouldBe(LedgerErrors.PriceRequired);
    }

    [Fact]
    public async Task Handle_WhenBuyingAtAPrice_AnswersTheTradeDetails()
    {
        // 0.25 BTC × 101.02 = 25.255 → 25.26 USD; + fee 1.00 → 26.26 paid.
        var result = await HandlerFor(Owner()).Handle(Buy(), CancellationToken.None);

        result.Value.Type.ShouldBe("trade");
        result.Value.Trade.ShouldBe(new TradeDto("buy", "BTC", "0.25000000", "USD", "101.02", "25.26", "1.00", "26.26"));
    }

    [Fact]
    public async Task Handle_WhenBuyingAtAPrice_PostsBothLegsAndShowsOnlyTheAccountsBalances()
    {
        var result = await HandlerFor(Owner()).Handle(Buy(), CancellationToken.None);

        result.Value.Postings.ShouldBe(
        [
            new PostingDto(account.Id, "BTC", "0.25000000", "1.25000000"),
            new PostingDto(books.WorldOf(TestAssets.Btc).Id, "BTC", "-0.25000000", null),
            new PostingDto(account.Id, "USD", "-26.26", "73.74"),
            new PostingDto(books.WorldOf(TestAssets.Usd).Id, "USD", "26.26", null),
        ]);
        // The account's two balances are locked; the two world postings are the store's to apply.
        await books.Ledger.Received(1).LockBalancesAsync(Arg.Is<IReadOnlyList<BalanceKey>>(k => k.Count == 2), clock.TruncatedNow, Arg.Any<CancellationToken>());
        await books.Ledger.Received(1).ApplyWorldPostingsAsync(
            Arg.Is<Transaction>(t => t.Postings.Count(p => p.IsWorld) == 2), clock.TruncatedNow, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenNoFeeIsGiven_TradesWithoutFee()
    {
        var result = await HandlerFor(Owner()).Handle(Buy() with { Fee = null }, CancellationToken.None);

        result.Value.Trade!.Fee.ShouldBe("0.00");
        result.Value.Trade.Total.ShouldBe("25.26");
        books[account, TestAssets.Usd].Amount.ShouldBe(74.74m);
    }

    [Fact]
    public async Task Handle_WhenSelling_ReceivesTheQuoteMinusTheFee()
    {
        var result = await HandlerFor(Owner()).Handle(Buy() with { Side = "sell" }, CancellationToken.None);

        result.Value.Trade!.Side.ShouldBe("sell");
        result.Value.Trade.Total.ShouldBe("24.26");
        books[account, TestAssets.Usd].Amount.ShouldBe(124.26m);
        books[account, TestAssets.Btc].Amount.ShouldBe(0.75m);
    }

    [Fact]
    public async Task Handle_WhenSellingMoreThanHeld_ReturnsInsufficientFundsAndStoresNothing()
    {
        var result = await HandlerFor(Owner()).Handle(Buy() with { Side = "sell", Quantity = "1.5" }, CancellationToken.None);

        result.Error.ShouldBe(LedgerErrors.InsufficientFunds);
        await books.Ledger.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        await books.Ledger.DidNotReceiveWithAnyArgs().SaveBalancesAsync(default!, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenAssetAndQuoteAreTheSame_ReturnsAssetMismatch() =>
        (await HandlerFor(Owner()).Handle(Buy() with { QuoteAsset = "btc", Fee = null }, CancellationToken.None)).Error.ShouldBe(LedgerErrors.AssetMismatch);

    [Fact]
    public async Task Handle_WhenTheAccountIsAnotherUsers_ReturnsNotFound() =>
        (await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(Buy(), CancellationToken.None)).Error.ShouldBe(AccountErrors.NotFound);

    private ICurrentUser Owner() => CurrentUsers.For(ownerId);

    private static IMarketData MarketDataSubstitute()
    {
        var market = Substitute.For<IMarketData>();
        market.VsCurrencies.Returns(["usd", "eur", "gbp", "btc", "eth"]);
        return market;
    }

    private TradeCommand Buy() => new(account.Id, "buy", "BTC", "0.25", "USD", "101.02", "1.00", null, null);

    private TradeCommandHandler HandlerFor(ICurrentUser currentUser) =>
        new(books.Accounts, TestAssets.Catalog(), new PriceOracle(market), new Bookkeeper(books.Ledger, books.Accounts, currentUser, auditLog), currentUser, clock);

    private void MarketQuotes(string coin, string vs, decimal price, bool stale) =>
        market.GetPricesAsync(Arg.Any<IReadOnlyCollection<string>>(), vs, Arg.Any<TimeSpan?>(), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<string, PriceOutcome>
            {
                [coin] = PriceOutcome.Of(new MarketPrice(coin, "BTC", "Bitcoin", price, null, null, vs, clock.GetUtcNow(), "test", stale)),
            });
}

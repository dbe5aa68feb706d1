using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Ledger;

public class TradeTests
{
    private readonly LedgerScenario scenario = new();
    private readonly Account account;

    public TradeTests()
    {
        account = scenario.AliceMain;
        scenario.Fund(account, MoneyOf.Usd(100m));
        scenario.Fund(account, MoneyOf.Btc(1m));
    }

    private Account BtcWorld => scenario.WorldOf(TestAssets.Btc);

    private Account UsdWorld => scenario.WorldOf(TestAssets.Usd);

    [Fact]
    public void TradeAt_WhenBuying_PaysQuoteAmountPlusFeeForTheQuantity()
    {
        // 0.25 BTC × 101.02 USD = 25.255 → 25.26 (midpoint, away from zero); + fee 1.00 = 26.26 leaves the account.
        var trade = scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(1m)).Value;

        trade.Type.ShouldBe(TransactionType.Trade);
        trade.Status.ShouldBe(TransactionStatus.Completed);
        trade.Postings.Select(p => (p.Leg, p.AccountId, p.Amount.Code.Value, p.Amount.Amount)).ShouldBe(
        [
            (0, account.Id, "BTC", 0.25m),
            (1, BtcWorld.Id, "BTC", -0.25m),
            (2, account.Id, "USD", -26.26m),
            (3, UsdWorld.Id, "USD", 26.26m),
        ]);
    }

    [Fact]
    public void TradeAt_WhenBuying_RecordsTheTradeDetails()
    {
        var trade = scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(1m)).Value;

        var details = trade.Trade.ShouldNotBeNull();
        details.Side.ShouldBe(TradeSide.Buy);
        details.Quantity.ShouldBe(MoneyOf.Btc(0.25m));
        details.Price.ShouldBe(101.02m);
        details.QuoteAmount.ShouldBe(MoneyOf.Usd(25.26m));
        details.Fee.ShouldBe(MoneyOf.Usd(1m));
        details.Settlement.ShouldBe(MoneyOf.Usd(26.26m));
    }

    [Fact]
    public void TradeAt_WhenABuyIsBooked_UpdatesBothAssetsOfTheAccount()
    {
        var trade = scenario.Booked(scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(1m)));

        scenario.Books[account, TestAssets.Btc].Amount.ShouldBe(1.25m);
        scenario.Books[account, TestAssets.Usd].Amount.ShouldBe(73.74m); // 100 - 26.26
        trade.Postings[0].BalanceAfter.ShouldBe(1.25m);
        trade.Postings[2].BalanceAfter.ShouldBe(73.74m);
    }

    [Fact]
    public void TradeAt_WhenSelling_ReceivesQuoteAmountMinusFee()
    {
        // 0.25 BTC × 101.02 USD = 25.26 (rounded); - fee 1.00 = 24.26 reaches the account.
        var trade = scenario.NewTrade(account, TradeSide.Sell, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(1m)).Value;

        trade.Postings.Select(p => (p.AccountId, p.Amount.Code.Value, p.Amount.Amount)).ShouldBe(
        [
            (account.Id, "BTC", -0.25m),
            (BtcWorld.Id, "BTC", 0.25m),
            (account.Id, "USD", 24.26m),
            (UsdWorld.Id, "USD", -24.26m),
        ]);
        trade.Trade!.Side.ShouldBe(TradeSide.Sell);
        trade.Trade.QuoteAmount.Amount.ShouldBe(25.26m);
        trade.Trade.Settlement.Amount.ShouldBe(24.26m);
    }

    [Fact]
    public void TradeAt_WhenASellIsBooked_UpdatesBothAssetsOfTheAccount()
    {
        scenario.Booked(scenario.NewTrade(account, TradeSide.Sell, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(1m)));

        scenario.Books[account, TestAssets.Btc].Amount.ShouldBe(0.75m);
        scenario.Books[account, TestAssets.Usd].Amount.ShouldBe(124.26m); // 100 + 24.26
    }

    [Fact]
    public void TradeAt_WhenBooked_KeepsEveryAssetBalanced()
    {
        var trade = scenario.Booked(scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(0.001m), 64250.12m, MoneyOf.Usd(0m)));

        trade.Postings.GroupBy(p => p.Amount.Code).ShouldAllBe(g => g.Sum(p => p.Amount.Amount) == 0m);
    }

    [Fact]
    public void TradeAt_WhenTheProductNeedsRoundingDown_RoundsToTheQuoteDecimals()
    {
        // 0.00012345 × 64250.12 = 7.931677314 → 7.93
        var trade = scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(0.00012345m), 64250.12m, Money.Zero(TestAssets.Usd)).Value;

        trade.Trade!.QuoteAmount.Amount.ShouldBe(7.93m);
        trade.Postings[2].Amount.Amount.ShouldBe(-7.93m);
    }

    [Fact]
    public void TradeAt_WhenTheQuantityHas18Decimals_ComputesTheQuoteExactly()
    {
        // 0.123456789012345678 × 2000.5 = 246.913578024691356 + 0.061728394506172839 = 246.975306419197528839 → 246.98
        var eth = MoneyOf.Of(0.123456789012345678m, TestAssets.Eth);

        var trade = scenario.NewTrade(account, TradeSide.Buy, eth, 2000.5m, Money.Zero(TestAssets.Usd)).Value;

        trade.Trade!.QuoteAmount.Amount.ShouldBe(246.98m);
    }

    [Fact]
    public void TradeAt_WhenTheQuoteIsExactlyHalfACent_RoundsUpToOneCent()
    {
        // 0.00000001 BTC × 500000 = 0.005 → 0.01
        var trade = scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(0.00000001m), 500000m, Money.Zero(TestAssets.Usd));

        trade.Value.Trade!.QuoteAmount.Amount.ShouldBe(0.01m);
    }

    [Fact]
    public void TradeAt_WhenTheQuoteRoundsToZero_ReturnsTradeTooSmall()
    {
        // 0.00000001 BTC × 400000 = 0.004 → 0.00
        var result = scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(0.00000001m), 400000m, Money.Zero(TestAssets.Usd));

        result.Error.ShouldBe(LedgerErrors.TradeTooSmall);
        result.Error.Code.ShouldBe("trade_too_small");
    }

    [Fact]
    public void TradeAt_WhenAssetAndQuoteAreTheSame_ReturnsAssetMismatch()
    {
        var result = Transaction.TradeAt(
            Guid.NewGuid(), account, TradeSide.Buy, MoneyOf.Btc(1m), 1m, Money.Zero(TestAssets.Btc), BtcWorld, BtcWorld, null, scenario.AliceId, LedgerScenario.Now);

        result.Error.ShouldBe(LedgerErrors.AssetMismatch);
        result.Error.Code.ShouldBe("asset_mismatch");
    }

    [Fact]
    public void TradeAt_WhenASellsFeeExceedsTheProceeds_ReturnsFeeExceedsProceeds()
    {
        // Proceeds 25.26; a fee of 25.27 would make the account pay for selling.
        var result = scenario.NewTrade(account, TradeSide.Sell, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(25.27m));

        result.Error.ShouldBe(LedgerErrors.FeeExceedsProceeds);
        result.Error.Code.ShouldBe("fee_exceeds_proceeds");
    }

    [Fact]
    public void TradeAt_WhenASellsFeeEqualsTheProceeds_OmitsTheZeroQuotePostings()
    {
        var trade = scenario.NewTrade(account, TradeSide.Sell, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(25.26m)).Value;

        trade.Postings.Select(p => (p.Leg, p.AccountId, p.Amount.Amount)).ShouldBe([(0, account.Id, -0.25m), (1, BtcWorld.Id, 0.25m)]);
        trade.Trade!.Settlement.IsZero.ShouldBeTrue();
        trade.Trade.Fee.Amount.ShouldBe(25.26m);
    }

    [Fact]
    public void TradeAt_WhenABuysFeeExceedsTheQuoteAmount_IsFine()
    {
        // Only a sale can have its fee exceed what it brings in; a buy simply costs more.
        var trade = scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(30m)).Value;

        trade.Trade!.Settlement.Amount.ShouldBe(55.26m);
    }

    [Fact]
    public void TradeAt_WhenTheQuoteAmountReachesTheQuoteAssetsLimit_ReturnsBalanceLimitExceeded()
    {
        // 10^19 BTC (below BTC's limit 10^20) × 10^7 USD = 10^26 USD: the USD limit.
        var quantity = MoneyOf.Btc(10_000_000_000_000_000_000m);

        scenario.NewTrade(account, TradeSide.Buy, quantity, 10_000_000m, Money.Zero(TestAssets.Usd)).Error.ShouldBe(LedgerErrors.BalanceLimit);
    }

    [Fact]
    public void TradeAt_WhenAccountIsClosed_ReturnsAccountClosed()
    {
        var closed = AccountBuilder.Like(account).Closed().Build();

        scenario.NewTrade(closed, TradeSide.Buy, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(1m)).Error.ShouldBe(AccountErrors.Closed);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void TradeAt_WhenPriceIsNotPositive_ThrowsArgumentException(string price) =>
        Should.Throw<ArgumentException>(() => scenario.NewTrade(
            account, TradeSide.Buy, MoneyOf.Btc(1m), decimal.Parse(price, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture), MoneyOf.Usd(0m)));

    [Fact]
    public void TradeAt_WhenFeeIsNegative_ThrowsArgumentException() =>
        Should.Throw<ArgumentException>(() => scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(1m), 1m, MoneyOf.Usd(-1m)));

    [Fact]
    public void TradeAt_WhenTheQuoteWorldIsOfAnotherAsset_ThrowsArgumentException() =>
        Should.Throw<ArgumentException>(() => Transaction.TradeAt(
            Guid.NewGuid(), account, TradeSide.Buy, MoneyOf.Btc(1m), 1m, MoneyOf.Usd(0m), BtcWorld, scenario.WorldOf(TestAssets.Eur), null, scenario.AliceId, LedgerScenario.Now));

    [Fact]
    public void Book_WhenABuyCostsMoreThanTheAvailableQuote_ReturnsInsufficientFundsWithoutTouchingTheQuote()
    {
        // 1 BTC × 100.01 USD = 100.01 > 100.00 available.
        var trade = scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(1m), 100.01m, Money.Zero(TestAssets.Usd)).Value;

        scenario.Book(trade).Error.ShouldBe(LedgerErrors.InsufficientFunds);

        scenario.Books[account, TestAssets.Usd].Amount.ShouldBe(100m);
        scenario.Books.World(TestAssets.Usd).ShouldBe(-100m);
    }

    [Fact]
    public void Book_WhenABuyIsRefusedForInsufficientQuote_ChangesNoBalanceAtAll()
    {
        var trade = scenario.NewTrade(account, TradeSide.Buy, MoneyOf.Btc(1m), 100.01m, Money.Zero(TestAssets.Usd)).Value;
        var sheet = scenario.Books.SheetFor(trade);

        trade.Book(sheet, LedgerScenario.Now).Error.ShouldBe(LedgerErrors.InsufficientFunds);

        scenario.Books[account, TestAssets.Btc].Amount.ShouldBe(1m);
        scenario.Books.World(TestAssets.Btc).ShouldBe(-1m);
        sheet.Changed.ShouldBeEmpty();
        trade.Postings.ShouldAllBe(p => !p.IsApplied);
    }

    [Fact]
    public void Book_WhenSellingMoreThanTheAccountHolds_ReturnsInsufficientFundsAndChangesNothing()
    {
        var trade = scenario.NewTrade(account, TradeSide.Sell, MoneyOf.Btc(1.5m), 100m, Money.Zero(TestAssets.Usd)).Value;
        var sheet = scenario.Books.SheetFor(trade);

        trade.Book(sheet, LedgerScenario.Now).Error.ShouldBe(LedgerErrors.InsufficientFunds);

        scenario.Books[account, TestAssets.Btc].Amount.ShouldBe(1m);
        scenario.Books[account, TestAssets.Usd].Amount.ShouldBe(100m);
        sheet.Changed.ShouldBeEmpty();
    }
}

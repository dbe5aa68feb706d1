using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Ledger;

public class BalanceKeyTests
{
    private static readonly Guid First = new("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Second = new("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Third = new("00000000-0000-0000-0000-000000000003");
    private static readonly AssetCode Btc = AssetCode.Parse("BTC");
    private static readonly AssetCode Usd = AssetCode.Parse("USD");
    private static readonly AssetCode Usdt = AssetCode.Parse("USDT");

    [Fact]
    public void Order_WhenMixed_SortsByAccountThenAsset()
    {
        var keys = new[]
        {
            new BalanceKey(Third, Btc),
            new BalanceKey(Second, Usd),
            new BalanceKey(First, Usd),
            new BalanceKey(Second, Btc),
        };

        keys.Order().ShouldBe(
        [
            new BalanceKey(First, Usd),
            new BalanceKey(Second, Btc),
            new BalanceKey(Second, Usd),
            new BalanceKey(Third, Btc),
        ]);
    }

    [Fact]
    public void CompareTo_WhenOnlyTheAssetDiffers_ComparesCodesOrdinally()
    {
        var usd = new BalanceKey(First, Usd);
        var usdt = new BalanceKey(First, Usdt);
        var btc = new BalanceKey(First, Btc);

        (btc < usd).ShouldBeTrue();
        (usd < usdt).ShouldBeTrue(); // a prefix sorts first
        (usdt > btc).ShouldBeTrue();
    }

    [Fact]
    public void CompareTo_WhenKeysAreEqual_ReturnsZeroAndOperatorsAgree()
    {
        var a = new BalanceKey(First, Usd);
        var b = new BalanceKey(First, Usd);

        a.CompareTo(b).ShouldBe(0);
        (a <= b).ShouldBeTrue();
        (a >= b).ShouldBeTrue();
        (a < b).ShouldBeFalse();
        (a > b).ShouldBeFalse();
        a.ShouldBe(b);
    }

    [Fact]
    public void BalanceKeys_WhenATradeTouchesFourBalances_ListsOnlyTheUserBalancesInLockingOrder()
    {
        // The world balances are the store's to apply (unbounded, last); the domain locks only the user's two.
        var account = new AccountBuilder().WithId(Third).Build();
        var btcWorld = Account.World(First, TestAssets.Btc, LedgerScenario.Now);
        var usdWorld = Account.World(Second, TestAssets.Usd, LedgerScenario.Now);

        var trade = Transaction.TradeAt(
            Guid.NewGuid(), account, TradeSide.Buy, MoneyOf.Btc(0.5m), 100m, MoneyOf.Usd(0m), btcWorld, usdWorld, null, Guid.NewGuid(), LedgerScenario.Now).Value;

        trade.BalanceKeys.ShouldBe([new BalanceKey(Third, Btc), new BalanceKey(Third, Usd)]);
    }

    [Fact]
    public void BalanceKeys_WhenPostingsShareABalance_ListsItOnce()
    {
        var first = new AccountBuilder().WithId(First).Build();
        var second = new AccountBuilder().WithId(Second).Build();
        var transaction = TransactionWith(
            Posting.Rehydrate(0, second.Id, false, MoneyOf.Usd(-10m), null, null, null),
            Posting.Rehydrate(1, first.Id, false, MoneyOf.Usd(4m), null, null, null),
            Posting.Rehydrate(2, first.Id, false, MoneyOf.Usd(6m), null, null, null));

        transaction.BalanceKeys.ShouldBe([new BalanceKey(First, Usd), new BalanceKey(Second, Usd)]);
    }

    [Fact]
    public void Key_OfAWorldPosting_IsRefused_BecauseTheStoreAppliesWorldBalances()
    {
        var posting = Posting.Rehydrate(0, First, true, MoneyOf.Usd(-4m), null, null, null);

        Should.Throw<InvalidOperationException>(() => posting.Key);
    }

    private static Transaction TransactionWith(params Posting[] postings) =>
        Transaction.Rehydrate(Guid.NewGuid(), TransactionType.Transfer, TransactionStatus.Completed, postings, null, LedgerScenario.Now, Guid.NewGuid(), null, null, null, LedgerScenario.Now, 1);
}

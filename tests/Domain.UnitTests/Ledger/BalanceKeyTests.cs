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
    public void Order_WhenMixed_PutsUserBalancesBeforeWorldBalancesThenAccountThenAsset()
    {
        var keys = new[]
        {
            new BalanceKey(First, Usd, IsWorld: true),
            new BalanceKey(Third, Btc, IsWorld: false),
            new BalanceKey(Second, Usd, IsWorld: false),
            new BalanceKey(Second, Btc, IsWorld: false),
            new BalanceKey(Third, Btc, IsWorld: true),
        };

        keys.Order().ShouldBe(
        [
            new BalanceKey(Second, Btc, IsWorld: false),
            new BalanceKey(Second, Usd, IsWorld: false),
            new BalanceKey(Third, Btc, IsWorld: false),
            new BalanceKey(First, Usd, IsWorld: true), // a world balance is last even with the smallest id
            new BalanceKey(Third, Btc, IsWorld: true),
        ]);
    }

    [Fact]
    public void CompareTo_WhenOnlyTheAssetDiffers_ComparesCodesOrdinally()
    {
        var usd = new BalanceKey(First, Usd, IsWorld: false);
        var usdt = new BalanceKey(First, Usdt, IsWorld: false);
        var btc = new BalanceKey(First, Btc, IsWorld: false);

        (btc < usd).ShouldBeTrue();
        (usd < usdt).ShouldBeTrue(); // a prefix sorts first
        (usdt > btc).ShouldBeTrue();
    }

    [Fact]
    public void CompareTo_WhenKeysAreEqual_ReturnsZeroAndOperatorsAgree()
    {
        var a = new BalanceKey(First, Usd, IsWorld: false);
        var b = new BalanceKey(First, Usd, IsWorld: false);

        a.CompareTo(b).ShouldBe(0);
        (a <= b).ShouldBeTrue();
        (a >= b).ShouldBeTrue();
        (a < b).ShouldBeFalse();
        (a > b).ShouldBeFalse();
        a.ShouldBe(b);
    }

    [Fact]
    public void CompareTo_WhenAUserKeyMeetsAWorldKey_TheUserKeyIsSmallerBothWays()
    {
        var user = new BalanceKey(Third, Usd, IsWorld: false);
        var world = new BalanceKey(First, Btc, IsWorld: true);

        user.CompareTo(world).ShouldBeLessThan(0);
        world.CompareTo(user).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void BalanceKeys_WhenATradeTouchesFourBalances_ListsThemInLockingOrder()
    {
        // The user account has the largest id and the BTC world the smallest: user balances still come first.
        var account = new AccountBuilder().WithId(Third).Build();
        var btcWorld = Account.World(First, TestAssets.Btc, LedgerScenario.Now);
        var usdWorld = Account.World(Second, TestAssets.Usd, LedgerScenario.Now);

        var trade = Transaction.TradeAt(
            Guid.NewGuid(), account, TradeSide.Buy, MoneyOf.Btc(0.5m), 100m, MoneyOf.Usd(0m), btcWorld, usdWorld, null, Guid.NewGuid(), LedgerScenario.Now).Value;

        trade.BalanceKeys.ShouldBe(
        [
            new BalanceKey(Third, Btc, false),
            new BalanceKey(Third, Usd, false),
            new BalanceKey(First, Btc, true),
            new BalanceKey(Second, Usd, true),
        ]);
    }

    [Fact]
    public void BalanceKeys_WhenPostingsShareABalance_ListsItOnce()
    {
        var account = new AccountBuilder().Build();
        var world = Guid.NewGuid();
        var transaction = TransactionWith(
            Posting.Rehydrate(0, account.Id, false, MoneyOf.Usd(10m), null, null, null),
            Posting.Rehydrate(1, world, true, MoneyOf.Usd(-4m), null, null, null),
            Posting.Rehydrate(2, world, true, MoneyOf.Usd(-6m), null, null, null));

        transaction.BalanceKeys.ShouldBe([new BalanceKey(account.Id, Usd, false), new BalanceKey(world, Usd, true)]);
    }

    private static Transaction TransactionWith(params Posting[] postings) =>
        Transaction.Rehydrate(Guid.NewGuid(), TransactionType.Credit, TransactionStatus.Completed, postings, null, LedgerScenario.Now, Guid.NewGuid(), null, null, null, LedgerScenario.Now, 1);
}

using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Ledger;

/// <summary>Balances change only through transactions (their mutators are internal), so these tests book transactions.</summary>
public class BalanceTests
{
    private readonly LedgerScenario scenario = new();

    [Fact]
    public void Rehydrate_WhenCalled_KeepsEveryStoredValueAndIsUnchanged()
    {
        var updatedAt = LedgerScenario.Now.AddDays(-1);

        var balance = Balance.Rehydrate(scenario.AliceMain.Id, TestAssets.Usd, 100m, 40m, 7, updatedAt);

        balance.AccountId.ShouldBe(scenario.AliceMain.Id);
        balance.Asset.ShouldBe(TestAssets.Usd);
        balance.Amount.ShouldBe(100m);
        balance.Held.ShouldBe(40m);
        balance.EntryCount.ShouldBe(7);
        balance.UpdatedAt.ShouldBe(updatedAt);
        balance.IsChanged.ShouldBeFalse();
        balance.Key.ShouldBe(new BalanceKey(scenario.AliceMain.Id, TestAssets.Usd.Code));
    }

    [Fact]
    public void Available_WhenSomethingIsHeld_IsAmountMinusHeld()
    {
        // The contract's example: a pending transfer of 40 from 100 shows amount 100, available 60.
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));

        scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m), pending: true));

        var balance = scenario.Books[scenario.AliceMain, TestAssets.Usd];
        balance.Amount.ShouldBe(100m);
        balance.Held.ShouldBe(40m);
        balance.Available.ShouldBe(60m);
    }

    [Fact]
    public void Book_WhenADebitWouldOverdraw_ReturnsInsufficientFundsAndChangesNothing()
    {
        var balance = scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, 100m, entryCount: 3);
        scenario.Books.AdjustWorld(TestAssets.Usd, -100m);
        var debit = scenario.NewDebit(scenario.AliceMain, MoneyOf.Usd(100.01m)).Value;

        var result = scenario.Book(debit);

        result.Error.ShouldBe(LedgerErrors.InsufficientFunds);
        result.Error.Code.ShouldBe("insufficient_funds");
        balance.Amount.ShouldBe(100m);
        balance.EntryCount.ShouldBe(3);
        balance.IsChanged.ShouldBeFalse();
        scenario.Books.World(TestAssets.Usd).ShouldBe(-100m);
        debit.Postings.ShouldAllBe(p => !p.IsApplied && p.BalanceAfter == null);
    }

    [Fact]
    public void Book_WhenADebitTakesExactlyTheAvailableAmount_LeavesZero()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));

        var debit = scenario.Booked(scenario.NewDebit(scenario.AliceMain, MoneyOf.Usd(100m)));

        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(0m);
        debit.Postings[0].BalanceAfter.ShouldBe(0m);
    }

    [Fact]
    public void Book_WhenACompletedMovementWouldSpendHeldFunds_ReturnsInsufficientFunds()
    {
        // 100 with 70 held: only 30 may leave.
        var balance = scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, 100m, held: 70m);

        var result = scenario.Book(scenario.NewDebit(scenario.AliceMain, MoneyOf.Usd(30.01m)).Value);

        result.Error.ShouldBe(LedgerErrors.InsufficientFunds);
        balance.Amount.ShouldBe(100m);
        balance.Held.ShouldBe(70m);
    }

    [Fact]
    public void Book_WhenMoneyComesFromTheWorld_LeavesTheWorldPostingsToTheStore_WhichTakesTheWorldNegative()
    {
        var first = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(250m)));
        scenario.Booked(scenario.NewCredit(scenario.BobMain, MoneyOf.Usd(50m)));

        first.Postings.Single(p => p.IsWorld).IsApplied.ShouldBeFalse();
        first.Postings.Single(p => !p.IsWorld).IsApplied.ShouldBeTrue();
        scenario.Books.World(TestAssets.Usd).ShouldBe(-300m);
    }

    [Fact]
    public void Book_WhenMoneyMoves_KeepsTheSumOfEveryBalanceOfTheAssetAtZero()
    {
        scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(250m)));
        scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(70.25m)));
        scenario.Booked(scenario.NewDebit(scenario.BobMain, MoneyOf.Usd(20m)));

        var alice = scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount;
        var bob = scenario.Books[scenario.BobMain, TestAssets.Usd].Amount;
        var world = scenario.Books.World(TestAssets.Usd);
        alice.ShouldBe(179.75m); // 250 - 70.25
        bob.ShouldBe(50.25m); // 70.25 - 20
        world.ShouldBe(-230m); // -250 + 20
        (alice + bob + world).ShouldBe(0m);
    }

    [Fact]
    public void Book_WhenAPostingIsApplied_IncrementsTheEntryCountAndRecordsItAsTheEntrySeq()
    {
        scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, 10m, entryCount: 5);

        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(1m)));
        var second = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(2m)));

        credit.Postings[0].EntrySeq.ShouldBe(6);
        second.Postings[0].EntrySeq.ShouldBe(7);
        second.Postings[0].BalanceAfter.ShouldBe(13m);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].EntryCount.ShouldBe(7);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].IsChanged.ShouldBeTrue();
    }

    [Fact]
    public void Book_WhenNowIsAfterTheLastUpdate_TakesEffectNow()
    {
        var lastUpdate = LedgerScenario.Now.AddHours(-1);
        scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, 10m, updatedAt: lastUpdate);

        var credit = scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(1m)).Value;
        scenario.Book(credit, LedgerScenario.Now).IsSuccess.ShouldBeTrue();

        credit.Postings[0].EffectiveAt.ShouldBe(LedgerScenario.Now);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].UpdatedAt.ShouldBe(LedgerScenario.Now);
    }

    [Fact]
    public void Book_WhenNowIsBeforeTheLastUpdate_TakesEffectAtTheLastUpdateSoTimeNeverGoesBackwards()
    {
        // Another instance's clock ran ahead and updated the balance "later" than our now.
        var lastUpdate = LedgerScenario.Now.AddMinutes(5);
        scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, 10m, updatedAt: lastUpdate);

        var credit = scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(1m)).Value;
        scenario.Book(credit, LedgerScenario.Now).IsSuccess.ShouldBeTrue();

        credit.Postings[0].EffectiveAt.ShouldBe(lastUpdate);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].UpdatedAt.ShouldBe(lastUpdate);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(11m);
    }

    [Fact]
    public void Book_WhenTheBalanceWouldReachTheAssetsLimit_ReturnsBalanceLimitExceededAndChangesNothing()
    {
        // USD limit: 10^26. One cent below it, plus one cent, reaches it.
        var limit = TestAssets.Usd.Limit;
        var balance = scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, limit - 0.01m);
        var credit = scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(0.01m)).Value;

        var result = scenario.Book(credit);

        result.Error.ShouldBe(LedgerErrors.BalanceLimit);
        result.Error.Code.ShouldBe("balance_limit_exceeded");
        balance.Amount.ShouldBe(limit - 0.01m);
        balance.IsChanged.ShouldBeFalse();
    }

    [Fact]
    public void Book_WhenTheBalanceStaysJustBelowTheLimit_Succeeds()
    {
        var limit = TestAssets.Usd.Limit;
        scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, limit - 0.02m);

        scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(0.01m)));

        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(limit - 0.01m);
    }

    [Fact]
    public void Sheet_WhenABalanceWasNotLocked_ThrowsInvalidOperationException()
    {
        var sheet = new BalanceSheet([Balance.Rehydrate(scenario.AliceMain.Id, TestAssets.Usd, 0m, 0m, 0, LedgerScenario.Now)]);

        Should.Throw<InvalidOperationException>(() => sheet[scenario.AliceMain.Id, TestAssets.Btc.Code]);
    }

    [Fact]
    public void Sheet_WhenNothingWasBooked_HasNoChangedBalances()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(5m));
        var debit = scenario.NewDebit(scenario.AliceMain, MoneyOf.Usd(6m)).Value;
        var sheet = scenario.Books.SheetFor(debit);

        debit.Book(sheet, LedgerScenario.Now).IsFailure.ShouldBeTrue();

        sheet.All.Count().ShouldBe(1); // the account's balance; the world's belongs to the store
        sheet.Changed.ShouldBeEmpty();
    }
}

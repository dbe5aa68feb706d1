using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Ledger;

public class TransactionInvariantTests
{
    private readonly LedgerScenario scenario = new();

    [Fact]
    public void Rehydrate_WhenPostingsDoNotBalance_ThrowsInvalidOperationException()
    {
        var exception = Should.Throw<InvalidOperationException>(() => Rehydrate(
            Posting.Rehydrate(0, scenario.AliceMain.Id, false, MoneyOf.Usd(10m), null, null, null),
            Posting.Rehydrate(1, scenario.WorldOf(TestAssets.Usd).Id, true, MoneyOf.Usd(-9.99m), null, null, null)));

        exception.Message.ShouldContain("USD");
    }

    [Fact]
    public void Rehydrate_WhenEachAssetBalancesOnItsOwn_Succeeds()
    {
        var transaction = Rehydrate(
            Posting.Rehydrate(0, scenario.AliceMain.Id, false, MoneyOf.Btc(1m), 1m, 1, LedgerScenario.Now),
            Posting.Rehydrate(1, scenario.WorldOf(TestAssets.Btc).Id, true, MoneyOf.Btc(-1m), -1m, 1, LedgerScenario.Now),
            Posting.Rehydrate(2, scenario.AliceMain.Id, false, MoneyOf.Usd(-100m), 0m, 2, LedgerScenario.Now),
            Posting.Rehydrate(3, scenario.WorldOf(TestAssets.Usd).Id, true, MoneyOf.Usd(100m), 0m, 2, LedgerScenario.Now));

        transaction.Postings.Count.ShouldBe(4);
        transaction.Postings[0].IsApplied.ShouldBeTrue();
    }

    [Fact]
    public void Rehydrate_WhenTheAssetsBalanceOnlyTogether_ThrowsInvalidOperationException() =>
        // +1 BTC and -1 USD sum to zero as numbers, but not per asset.
        Should.Throw<InvalidOperationException>(() => Rehydrate(
            Posting.Rehydrate(0, scenario.AliceMain.Id, false, MoneyOf.Btc(1m), null, null, null),
            Posting.Rehydrate(1, scenario.BobMain.Id, false, MoneyOf.Usd(-1m), null, null, null)));

    [Fact]
    public void Rehydrate_WhenThereIsOnlyOnePosting_ThrowsInvalidOperationException() =>
        Should.Throw<InvalidOperationException>(() => Rehydrate(Posting.Rehydrate(0, scenario.AliceMain.Id, false, MoneyOf.Usd(0.01m), null, null, null)));

    [Fact]
    public void Rehydrate_WhenThereAreNoPostings_ThrowsInvalidOperationException() =>
        Should.Throw<InvalidOperationException>(() => Rehydrate());

    [Fact]
    public void Rehydrate_WhenCalled_KeepsEveryStoredValue()
    {
        var id = Guid.NewGuid();
        var by = Guid.NewGuid();
        var original = Guid.NewGuid();
        var reversedBy = Guid.NewGuid();

        var transaction = Transaction.Rehydrate(
            id,
            TransactionType.Reversal,
            TransactionStatus.Reversed,
            [
                Posting.Rehydrate(0, scenario.AliceMain.Id, false, MoneyOf.Usd(5m), 5m, 3, LedgerScenario.Now),
                Posting.Rehydrate(1, scenario.BobMain.Id, false, MoneyOf.Usd(-5m), 0m, 9, LedgerScenario.Now),
            ],
            "note",
            LedgerScenario.Now.AddDays(-1),
            by,
            original,
            reversedBy,
            null,
            LedgerScenario.Now,
            4);

        transaction.Id.ShouldBe(id);
        transaction.Type.ShouldBe(TransactionType.Reversal);
        transaction.Status.ShouldBe(TransactionStatus.Reversed);
        transaction.Description.ShouldBe("note");
        transaction.CreatedAt.ShouldBe(LedgerScenario.Now.AddDays(-1));
        transaction.CreatedBy.ShouldBe(by);
        transaction.ReversalOf.ShouldBe(original);
        transaction.ReversedBy.ShouldBe(reversedBy);
        transaction.UpdatedAt.ShouldBe(LedgerScenario.Now);
        transaction.Version.ShouldBe(4);
        transaction.Postings[1].EntrySeq.ShouldBe(9);
    }

    [Fact]
    public void Book_WhenCalledTwice_ThrowsInvalidOperationException()
    {
        var credit = scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(1m)).Value;
        scenario.Book(credit).IsSuccess.ShouldBeTrue();

        Should.Throw<InvalidOperationException>(() => scenario.Book(credit));

        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(1m);
    }

    [Fact]
    public void Book_WhenTheFirstAttemptWasRefused_CannotBeRetriedOnTheSameTransaction()
    {
        var debit = scenario.NewDebit(scenario.AliceMain, MoneyOf.Usd(1m)).Value;
        scenario.Book(debit).IsFailure.ShouldBeTrue();
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(1m));

        Should.Throw<InvalidOperationException>(() => scenario.Book(debit));
    }

    [Fact]
    public void Book_WhenTheTransactionWasRehydrated_ThrowsInvalidOperationException()
    {
        var stored = Rehydrate(
            Posting.Rehydrate(0, scenario.AliceMain.Id, false, MoneyOf.Usd(10m), 10m, 1, LedgerScenario.Now),
            Posting.Rehydrate(1, scenario.WorldOf(TestAssets.Usd).Id, true, MoneyOf.Usd(-10m), -10m, 1, LedgerScenario.Now));

        Should.Throw<InvalidOperationException>(() => scenario.Book(stored));

        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(0m);
    }

    [Fact]
    public void Book_WhenSheetIsNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(1m)).Value.Book(null!, LedgerScenario.Now));

    [Fact]
    public void Book_WhenABalanceWasNotLocked_ThrowsInvalidOperationException()
    {
        var transfer = scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(1m)).Value;
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(5m));
        var onlyTheSource = new BalanceSheet([scenario.Books[scenario.AliceMain, TestAssets.Usd]]);

        Should.Throw<InvalidOperationException>(() => transfer.Book(onlyTheSource, LedgerScenario.Now));
    }

    [Theory]
    [MemberData(nameof(NewTransactions))]
    public void EveryFactory_WhenItSucceeds_CreatesPostingsThatSumToZeroPerAsset(string kind)
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(500m));
        scenario.Fund(scenario.AliceMain, MoneyOf.Btc(2m));
        var transaction = kind switch
        {
            "credit" => scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(12.34m)).Value,
            "debit" => scenario.NewDebit(scenario.AliceMain, MoneyOf.Btc(0.5m)).Value,
            "transfer" => scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(99.99m)).Value,
            "buy" => scenario.NewTrade(scenario.AliceMain, TradeSide.Buy, MoneyOf.Btc(0.3m), 333.33m, MoneyOf.Usd(0.99m)).Value,
            _ => scenario.NewTrade(scenario.AliceMain, TradeSide.Sell, MoneyOf.Btc(0.3m), 333.33m, MoneyOf.Usd(0.99m)).Value,
        };

        transaction.Postings.Count.ShouldBeGreaterThanOrEqualTo(2);
        transaction.Postings.GroupBy(p => p.Amount.Code).ShouldAllBe(g => g.Sum(p => p.Amount.Amount) == 0m);
        transaction.Postings.Select(p => p.Leg).ShouldBe(Enumerable.Range(0, transaction.Postings.Count));
        scenario.Book(transaction).IsSuccess.ShouldBeTrue();
    }

    public static TheoryData<string> NewTransactions => new() { "credit", "debit", "transfer", "buy", "sell" };

    private static Transaction Rehydrate(params Posting[] postings) =>
        Transaction.Rehydrate(Guid.NewGuid(), TransactionType.Credit, TransactionStatus.Completed, postings, null, LedgerScenario.Now, Guid.NewGuid(), null, null, null, LedgerScenario.Now, 1);
}

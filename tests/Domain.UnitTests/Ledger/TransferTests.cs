using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Ledger;

public class TransferTests
{
    private readonly LedgerScenario scenario = new();

    [Fact]
    public void Transfer_WhenBothAccountsAreOpen_MovesTheAmountFromSourceToTarget()
    {
        var transfer = scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m)).Value;

        transfer.Type.ShouldBe(TransactionType.Transfer);
        transfer.Status.ShouldBe(TransactionStatus.Completed);
        transfer.Postings.Select(p => (p.Leg, p.AccountId, p.IsWorld, p.Amount.Amount)).ShouldBe(
        [
            (0, scenario.AliceMain.Id, false, -40m),
            (1, scenario.BobMain.Id, false, 40m),
        ]);
        transfer.Outgoing.AccountId.ShouldBe(scenario.AliceMain.Id);
        transfer.Incoming.AccountId.ShouldBe(scenario.BobMain.Id);
    }

    [Fact]
    public void Transfer_WhenCompletedAndBooked_UpdatesBothBalances()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));

        var transfer = scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m)));

        transfer.Postings[0].BalanceAfter.ShouldBe(60m);
        transfer.Postings[1].BalanceAfter.ShouldBe(40m);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(60m);
        scenario.Books[scenario.BobMain, TestAssets.Usd].Amount.ShouldBe(40m);
    }

    [Fact]
    public void Transfer_WhenSourceCannotCoverIt_ReturnsInsufficientFundsAndChangesNothing()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(39.99m));
        var transfer = scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m)).Value;

        scenario.Book(transfer).Error.ShouldBe(LedgerErrors.InsufficientFunds);

        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(39.99m);
        scenario.Books[scenario.BobMain, TestAssets.Usd].Amount.ShouldBe(0m);
        scenario.Books[scenario.BobMain, TestAssets.Usd].IsChanged.ShouldBeFalse();
        transfer.Postings.ShouldAllBe(p => !p.IsApplied);
    }

    [Fact]
    public void Transfer_WhenSourceAndTargetAreTheSame_ReturnsSameAccount()
    {
        var result = scenario.NewTransfer(scenario.AliceMain, scenario.AliceMain, MoneyOf.Usd(1m));

        result.Error.ShouldBe(LedgerErrors.SameAccount);
        result.Error.Code.ShouldBe("same_account");
    }

    [Fact]
    public void Transfer_WhenSourceIsClosed_ReturnsAccountClosed()
    {
        var closed = AccountBuilder.Like(scenario.AliceMain).Closed().Build();

        scenario.NewTransfer(closed, scenario.BobMain, MoneyOf.Usd(1m)).Error.ShouldBe(AccountErrors.Closed);
    }

    [Fact]
    public void Transfer_WhenTargetIsClosed_ReturnsAccountClosed()
    {
        var closed = AccountBuilder.Like(scenario.BobMain).Closed().Build();

        scenario.NewTransfer(scenario.AliceMain, closed, MoneyOf.Usd(1m)).Error.ShouldBe(AccountErrors.Closed);
    }

    [Fact]
    public void Transfer_WhenPending_IsPendingWithTheSamePostings()
    {
        var transfer = scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m), pending: true).Value;

        transfer.Status.ShouldBe(TransactionStatus.Pending);
        transfer.Postings.Select(p => p.Amount.Amount).ShouldBe([-40m, 40m]);
    }

    [Fact]
    public void Book_WhenTransferIsPending_OnlyHoldsTheAmountOnTheSource()
    {
        var source = scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, 100m, entryCount: 2);
        var transfer = scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m), pending: true).Value;

        scenario.Book(transfer).IsSuccess.ShouldBeTrue();

        source.Amount.ShouldBe(100m);
        source.Held.ShouldBe(40m);
        source.Available.ShouldBe(60m);
        source.EntryCount.ShouldBe(2);
        source.IsChanged.ShouldBeTrue();
        var target = scenario.Books[scenario.BobMain, TestAssets.Usd];
        target.Amount.ShouldBe(0m);
        target.IsChanged.ShouldBeFalse();
        transfer.Postings.ShouldAllBe(p => !p.IsApplied && p.BalanceAfter == null && p.EntrySeq == null && p.EffectiveAt == null);
        transfer.Status.ShouldBe(TransactionStatus.Pending);
    }

    [Fact]
    public void Book_WhenAPendingTransferExceedsTheAvailableAmount_ReturnsInsufficientFundsAndHoldsNothing()
    {
        // 100 with 70 already held: 30 available, 40 asked.
        var source = scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, 100m, held: 70m);
        var transfer = scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m), pending: true).Value;

        scenario.Book(transfer).Error.ShouldBe(LedgerErrors.InsufficientFunds);

        source.Held.ShouldBe(70m);
        source.IsChanged.ShouldBeFalse();
    }

    [Fact]
    public void Book_WhenTwoPendingTransfersTogetherFitTheBalance_HoldsBoth()
    {
        var source = scenario.Books.Seed(scenario.AliceMain, TestAssets.Usd, 100m);

        scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(60m), pending: true));
        scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.AliceSavings, MoneyOf.Usd(40m), pending: true));

        source.Held.ShouldBe(100m);
        source.Available.ShouldBe(0m);
        scenario.Book(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(0.01m), pending: true).Value)
            .Error.ShouldBe(LedgerErrors.InsufficientFunds);
    }
}

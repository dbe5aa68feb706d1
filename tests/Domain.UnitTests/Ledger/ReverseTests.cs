using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Ledger;

public class ReverseTests
{
    private static readonly DateTimeOffset Later = LedgerScenario.Now.AddHours(2);

    private readonly LedgerScenario scenario = new();

    private Account UsdWorld => scenario.WorldOf(TestAssets.Usd);

    [Fact]
    public void Reverse_WhenCompleted_CreatesACompletedReversalWithNegatedPostings()
    {
        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(100m)));
        var reversalId = Guid.NewGuid();

        var reversal = scenario.Reverse(credit, reversalId: reversalId, now: Later).Value;

        reversal.Id.ShouldBe(reversalId);
        reversal.Type.ShouldBe(TransactionType.Reversal);
        reversal.Status.ShouldBe(TransactionStatus.Completed);
        reversal.ReversalOf.ShouldBe(credit.Id);
        reversal.ReversedBy.ShouldBeNull();
        reversal.Description.ShouldBe("Booked by mistake");
        reversal.CreatedBy.ShouldBe(scenario.Admin.UserId);
        reversal.CreatedAt.ShouldBe(Later);
        reversal.Version.ShouldBe(1);
        reversal.Postings.Select(p => (p.Leg, p.AccountId, p.IsWorld, p.Amount.Amount)).ShouldBe(
        [
            (0, scenario.AliceMain.Id, false, -100m),
            (1, UsdWorld.Id, true, 100m),
        ]);
    }

    [Fact]
    public void Reverse_WhenCompleted_BooksTheReversalSoBalancesAreBackWhereTheyWere()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(10m));
        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(100m)));

        var reversal = scenario.Reverse(credit, now: Later).Value;

        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(10m);
        scenario.Books.World(TestAssets.Usd).ShouldBe(-10m);
        reversal.Postings.Select(p => p.BalanceAfter).ShouldBe([10m, null]);
        reversal.Postings.Where(p => !p.IsWorld).ShouldAllBe(p => p.IsApplied && p.EffectiveAt == Later);
    }

    [Fact]
    public void Reverse_WhenCompleted_MarksTheOriginalReversedByTheReversal()
    {
        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(100m)));

        var reversal = scenario.Reverse(credit, now: Later).Value;

        credit.Status.ShouldBe(TransactionStatus.Reversed);
        credit.ReversedBy.ShouldBe(reversal.Id);
        credit.Version.ShouldBe(2);
        credit.UpdatedAt.ShouldBe(Later);
    }

    [Fact]
    public void Reverse_WhenATradeIsReversed_NegatesAllFourLegsAndCarriesNoTradeDetails()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));
        var trade = scenario.Booked(scenario.NewTrade(scenario.AliceMain, TradeSide.Buy, MoneyOf.Btc(0.25m), 101.02m, MoneyOf.Usd(1m)));

        var reversal = scenario.Reverse(trade).Value;

        reversal.Postings.Select(p => p.Amount.Amount).ShouldBe([-0.25m, 0.25m, 26.26m, -26.26m]);
        reversal.Trade.ShouldBeNull();
        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(100m);
        scenario.Books[scenario.AliceMain, TestAssets.Btc].Amount.ShouldBe(0m);
    }

    [Fact]
    public void Reverse_WhenAPostedTransferIsReversed_MovesTheMoneyBack()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));
        var transfer = scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m), pending: true));
        scenario.Post(transfer, scenario.Alice).IsSuccess.ShouldBeTrue();

        scenario.Reverse(transfer).IsSuccess.ShouldBeTrue();

        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(100m);
        scenario.Books[scenario.BobMain, TestAssets.Usd].Amount.ShouldBe(0m);
    }

    [Fact]
    public void Reverse_WhenPending_ReturnsInvalidState()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));
        var transfer = scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m), pending: true));

        var result = scenario.Reverse(transfer);

        result.Error.Code.ShouldBe("invalid_state");
        result.Error.Kind.ShouldBe(ErrorKind.BusinessRule);
        result.Error.Message.ShouldBe("A pending transaction cannot be reversed.");
        transfer.Status.ShouldBe(TransactionStatus.Pending);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].Held.ShouldBe(40m);
    }

    [Fact]
    public void Reverse_WhenVoided_ReturnsInvalidState()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));
        var transfer = scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m), pending: true));
        scenario.Void(transfer, scenario.Alice).IsSuccess.ShouldBeTrue();

        scenario.Reverse(transfer).Error.Message.ShouldBe("A voided transaction cannot be reversed.");
    }

    [Fact]
    public void Reverse_WhenAlreadyReversed_ReturnsInvalidStateAndDoesNotMoveMoneyTwice()
    {
        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(100m)));
        var first = scenario.Reverse(credit).Value;

        var second = scenario.Reverse(credit);

        second.Error.Message.ShouldBe("A reversed transaction cannot be reversed.");
        credit.ReversedBy.ShouldBe(first.Id);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(0m);
    }

    [Fact]
    public void Reverse_WhenTheTransactionIsItselfAReversal_ReturnsInvalidState()
    {
        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(100m)));
        var reversal = scenario.Reverse(credit).Value;

        var result = scenario.Reverse(reversal);

        result.Error.ShouldBe(LedgerErrors.ReversalOfReversal);
        result.Error.Code.ShouldBe("invalid_state");
        reversal.Status.ShouldBe(TransactionStatus.Completed);
    }

    [Fact]
    public void Reverse_WhenItWouldOverdrawAnAccount_ReturnsInsufficientFundsAndLeavesTheOriginalCompleted()
    {
        // Credit 100, then 60 leave: reversing the credit would take 100 from 40.
        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(100m)));
        scenario.Booked(scenario.NewDebit(scenario.AliceMain, MoneyOf.Usd(60m)));

        var result = scenario.Reverse(credit);

        result.Error.ShouldBe(LedgerErrors.InsufficientFunds);
        credit.Status.ShouldBe(TransactionStatus.Completed);
        credit.ReversedBy.ShouldBeNull();
        credit.Version.ShouldBe(1);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(40m);
    }

    [Fact]
    public void Reverse_WhenTheTargetOfATransferHasSpentIt_ReturnsInsufficientFundsAndKeepsTheTargetsBalance()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));
        var transfer = scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m)));
        scenario.Booked(scenario.NewDebit(scenario.BobMain, MoneyOf.Usd(30m)));

        scenario.Reverse(transfer).Error.ShouldBe(LedgerErrors.InsufficientFunds);

        transfer.Status.ShouldBe(TransactionStatus.Completed);
        scenario.Books[scenario.BobMain, TestAssets.Usd].Amount.ShouldBe(10m);
    }

    [Fact]
    public void Reverse_WhenRefusedForInsufficientFunds_ChangesNoBalanceAtAll()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));
        var transfer = scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m)));
        scenario.Booked(scenario.NewDebit(scenario.BobMain, MoneyOf.Usd(30m)));

        scenario.Reverse(transfer).Error.ShouldBe(LedgerErrors.InsufficientFunds);

        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(60m);
    }

    [Fact]
    public void Reverse_WhenAnAccountOfTheTransactionIsClosed_ReturnsAccountClosed()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));
        var transfer = scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m)));
        var closedBob = AccountBuilder.Like(scenario.BobMain).Closed().Build();

        var result = scenario.Reverse(transfer, [scenario.AliceMain, closedBob]);

        result.Error.ShouldBe(AccountErrors.Closed);
        transfer.Status.ShouldBe(TransactionStatus.Completed);
        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(60m);
        scenario.Books[scenario.BobMain, TestAssets.Usd].Amount.ShouldBe(40m);
    }

    [Fact]
    public void Reverse_WhenAClosedAccountIsNotPartOfTheTransaction_IgnoresIt()
    {
        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(100m)));
        var unrelatedClosed = new AccountBuilder().Closed().Build();

        scenario.Reverse(credit, [scenario.AliceMain, unrelatedClosed]).IsSuccess.ShouldBeTrue();
    }
}

using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Ledger;

public class CreditDebitTests
{
    private readonly LedgerScenario scenario = new();

    [Fact]
    public void Credit_WhenAccountIsOpen_CreatesACompletedTransactionPayingTheAccountFromTheWorld()
    {
        var id = Guid.NewGuid();
        var world = scenario.WorldOf(TestAssets.Usd);

        var credit = Transaction.Credit(id, scenario.AliceMain, MoneyOf.Usd(25.50m), world, "Salary", scenario.AliceId, LedgerScenario.Now).Value;

        credit.Id.ShouldBe(id);
        credit.Type.ShouldBe(TransactionType.Credit);
        credit.Status.ShouldBe(TransactionStatus.Completed);
        credit.Description.ShouldBe("Salary");
        credit.CreatedBy.ShouldBe(scenario.AliceId);
        credit.CreatedAt.ShouldBe(LedgerScenario.Now);
        credit.UpdatedAt.ShouldBe(LedgerScenario.Now);
        credit.Version.ShouldBe(1);
        credit.ReversalOf.ShouldBeNull();
        credit.ReversedBy.ShouldBeNull();
        credit.Trade.ShouldBeNull();
        credit.Postings.Select(p => (p.Leg, p.AccountId, p.IsWorld, p.Amount.Amount)).ShouldBe(
        [
            (0, scenario.AliceMain.Id, false, 25.50m),
            (1, world.Id, true, -25.50m),
        ]);
        credit.Postings.Sum(p => p.Amount.Amount).ShouldBe(0m);
    }

    [Fact]
    public void Credit_WhenBooked_AppliesTheAccountPosting_AndTheStoreTheWorldOne()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));

        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(25.50m)));

        credit.Postings[0].BalanceAfter.ShouldBe(125.50m);
        credit.Postings[0].IsApplied.ShouldBeTrue();
        credit.Postings[0].EffectiveAt.ShouldBe(LedgerScenario.Now);
        credit.Postings[1].IsApplied.ShouldBeFalse(); // the world's: applied by the store, in SQL
        scenario.Books[scenario.AliceMain, TestAssets.Usd].Amount.ShouldBe(125.50m);
        scenario.Books.World(TestAssets.Usd).ShouldBe(-125.50m); // the world paid out 100 before and 25.50 now
    }

    [Fact]
    public void Debit_WhenAccountIsOpen_PaysTheWorldFromTheAccount()
    {
        var world = scenario.WorldOf(TestAssets.Btc);

        var debit = Transaction.Debit(Guid.NewGuid(), scenario.AliceMain, MoneyOf.Btc(0.1m), world, null, scenario.AliceId, LedgerScenario.Now).Value;

        debit.Type.ShouldBe(TransactionType.Debit);
        debit.Status.ShouldBe(TransactionStatus.Completed);
        debit.Postings.Select(p => (p.AccountId, p.Amount.Amount)).ShouldBe([(scenario.AliceMain.Id, -0.1m), (world.Id, 0.1m)]);
        debit.Postings.Sum(p => p.Amount.Amount).ShouldBe(0m);
    }

    [Fact]
    public void Debit_WhenBooked_ReducesTheAccountAndRaisesTheWorld()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Btc(1m));

        var debit = scenario.Booked(scenario.NewDebit(scenario.AliceMain, MoneyOf.Btc(0.25m)));

        debit.Postings[0].BalanceAfter.ShouldBe(0.75m);
        scenario.Books.World(TestAssets.Btc).ShouldBe(-0.75m);
    }

    [Fact]
    public void Credit_WhenAccountIsClosed_ReturnsAccountClosed()
    {
        var closed = new AccountBuilder().Closed().Build();

        scenario.NewCredit(closed, MoneyOf.Usd(1m)).Error.ShouldBe(AccountErrors.Closed);
    }

    [Fact]
    public void Debit_WhenAccountIsClosed_ReturnsAccountClosed()
    {
        var closed = new AccountBuilder().Closed().Build();

        scenario.NewDebit(closed, MoneyOf.Usd(1m)).Error.Code.ShouldBe("account_closed");
    }

    [Fact]
    public void Credit_WhenTheWorldAccountIsOfAnotherAsset_ThrowsArgumentException() =>
        Should.Throw<ArgumentException>(() =>
            Transaction.Credit(Guid.NewGuid(), scenario.AliceMain, MoneyOf.Usd(1m), scenario.WorldOf(TestAssets.Btc), null, scenario.AliceId, LedgerScenario.Now));

    [Fact]
    public void Debit_WhenTheWorldAccountIsAUserAccount_ThrowsArgumentException() =>
        Should.Throw<ArgumentException>(() =>
            Transaction.Debit(Guid.NewGuid(), scenario.AliceMain, MoneyOf.Usd(1m), scenario.BobMain, null, scenario.AliceId, LedgerScenario.Now));

    [Fact]
    public void Credit_WhenAmountIsZero_ThrowsBecauseAPostingMovesSomething() =>
        Should.Throw<ArgumentException>(() => scenario.NewCredit(scenario.AliceMain, MoneyOf.Usd(0m)));
}

using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Ledger;

public class PendingTransferTests
{
    private static readonly DateTimeOffset Later = LedgerScenario.Now.AddMinutes(10);

    private readonly LedgerScenario scenario = new();
    private readonly Transaction pending;

    public PendingTransferTests()
    {
        scenario.Fund(scenario.AliceMain, MoneyOf.Usd(100m));
        pending = scenario.Booked(scenario.NewTransfer(scenario.AliceMain, scenario.BobMain, MoneyOf.Usd(40m), pending: true));
    }

    private Balance Source => scenario.Books[scenario.AliceMain, TestAssets.Usd];

    private Balance Target => scenario.Books[scenario.BobMain, TestAssets.Usd];

    // --- Post -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Post_WhenTheSourceOwnerPosts_MovesTheMoneyAndReleasesTheHold()
    {
        var result = scenario.Post(pending, scenario.Alice, now: Later);

        result.IsSuccess.ShouldBeTrue();
        Source.Amount.ShouldBe(60m);
        Source.Held.ShouldBe(0m);
        Source.Available.ShouldBe(60m);
        Target.Amount.ShouldBe(40m);
        pending.Postings.Select(p => p.BalanceAfter).ShouldBe([60m, 40m]);
        pending.Postings.ShouldAllBe(p => p.IsApplied && p.EffectiveAt == Later);
    }

    [Fact]
    public void Post_WhenSuccessful_CompletesTheTransferAndBumpsVersionAndUpdatedAt()
    {
        scenario.Post(pending, scenario.Alice, now: Later);

        pending.Status.ShouldBe(TransactionStatus.Completed);
        pending.Version.ShouldBe(2);
        pending.UpdatedAt.ShouldBe(Later);
        pending.CreatedAt.ShouldBe(LedgerScenario.Now);
    }

    [Fact]
    public void Post_WhenAnAdminPostsSomeoneElsesTransfer_IsAllowed()
    {
        scenario.Post(pending, scenario.Admin).IsSuccess.ShouldBeTrue();

        pending.Status.ShouldBe(TransactionStatus.Completed);
    }

    [Fact]
    public void Post_WhenTheTargetOwnerPosts_ReturnsForbiddenAndKeepsTheHold()
    {
        var result = scenario.Post(pending, scenario.Bob);

        result.Error.ShouldBe(LedgerErrors.NotAllowed);
        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
        result.Error.Code.ShouldBe("forbidden");
        pending.Status.ShouldBe(TransactionStatus.Pending);
        Source.Held.ShouldBe(40m);
        Target.Amount.ShouldBe(0m);
    }

    [Fact]
    public void Post_WhenAStrangerPosts_ReturnsForbidden() =>
        scenario.Post(pending, new Actor(Guid.NewGuid(), IsAdmin: false)).Error.ShouldBe(LedgerErrors.NotAllowed);

    [Fact]
    public void Post_WhenTheTargetWasClosedMeanwhile_ReturnsAccountClosedAndKeepsTheHold()
    {
        var closedTarget = AccountBuilder.Like(scenario.BobMain).Closed().Build();

        var result = scenario.Post(pending, scenario.Alice, [scenario.AliceMain, closedTarget]);

        result.Error.ShouldBe(AccountErrors.Closed);
        pending.Status.ShouldBe(TransactionStatus.Pending);
        pending.Version.ShouldBe(1);
        Source.Amount.ShouldBe(100m);
        Source.Held.ShouldBe(40m);
        Target.Amount.ShouldBe(0m);
    }

    [Fact]
    public void Post_WhenTheTargetWouldPassTheBalanceLimit_ReturnsBalanceLimitExceededAndStaysPending()
    {
        // Bob holds 10 below the USD limit of 10^26; 40 more would pass it.
        scenario.Books.Seed(scenario.BobMain, TestAssets.Usd, TestAssets.Usd.Limit - 10m);

        var result = scenario.Post(pending, scenario.Alice);

        result.Error.ShouldBe(LedgerErrors.BalanceLimit);
        pending.Status.ShouldBe(TransactionStatus.Pending);
        pending.Version.ShouldBe(1);
        Target.Amount.ShouldBe(TestAssets.Usd.Limit - 10m);
    }

    [Fact]
    public void Post_WhenRefused_LeavesTheSourceBalanceAndItsHoldAsTheyWere()
    {
        scenario.Books.Seed(scenario.BobMain, TestAssets.Usd, TestAssets.Usd.Limit - 10m);

        scenario.Post(pending, scenario.Alice).Error.ShouldBe(LedgerErrors.BalanceLimit);

        Source.Amount.ShouldBe(100m);
        Source.Held.ShouldBe(40m);
        pending.Postings.ShouldAllBe(p => !p.IsApplied);
    }

    [Fact]
    public void Post_WhenTheSourceAccountIsNotGiven_ThrowsArgumentException() =>
        Should.Throw<ArgumentException>(() => scenario.Post(pending, scenario.Alice, [scenario.BobMain]));

    [Fact]
    public void Post_WhenAlreadyPosted_ReturnsInvalidState()
    {
        scenario.Post(pending, scenario.Alice).IsSuccess.ShouldBeTrue();

        var again = scenario.Post(pending, scenario.Alice);

        again.Error.Code.ShouldBe("invalid_state");
        again.Error.Kind.ShouldBe(ErrorKind.BusinessRule);
        again.Error.Message.ShouldBe("A completed transaction cannot be posted.");
        Source.Amount.ShouldBe(60m);
        Target.Amount.ShouldBe(40m);
    }

    [Fact]
    public void Post_WhenVoided_ReturnsInvalidState()
    {
        scenario.Void(pending, scenario.Alice).IsSuccess.ShouldBeTrue();

        var result = scenario.Post(pending, scenario.Alice);

        result.Error.Code.ShouldBe("invalid_state");
        result.Error.Message.ShouldBe("A voided transaction cannot be posted.");
        Target.Amount.ShouldBe(0m);
    }

    [Fact]
    public void Post_WhenTheTransferWasNeverPending_ReturnsInvalidState()
    {
        scenario.Fund(scenario.AliceSavings, MoneyOf.Usd(10m));
        var completed = scenario.Booked(scenario.NewTransfer(scenario.AliceSavings, scenario.BobMain, MoneyOf.Usd(5m)));

        scenario.Post(completed, scenario.Alice).Error.Code.ShouldBe("invalid_state");
        completed.Version.ShouldBe(1);
    }

    [Fact]
    public void Post_WhenTheTransactionIsACredit_ReturnsInvalidState()
    {
        var credit = scenario.Booked(scenario.NewCredit(scenario.AliceSavings, MoneyOf.Usd(5m)));

        scenario.Post(credit, scenario.Admin).Error.Code.ShouldBe("invalid_state");
    }

    // --- Void -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Void_WhenTheSourceOwnerVoids_ReleasesTheHoldAndMovesNothing()
    {
        var result = scenario.Void(pending, scenario.Alice, Later);

        result.IsSuccess.ShouldBeTrue();
        Source.Amount.ShouldBe(100m);
        Source.Held.ShouldBe(0m);
        Source.Available.ShouldBe(100m);
        Target.Amount.ShouldBe(0m);
        pending.Postings.ShouldAllBe(p => !p.IsApplied && p.BalanceAfter == null);
    }

    [Fact]
    public void Void_WhenSuccessful_MarksTheTransferVoidedAndBumpsVersionAndUpdatedAt()
    {
        scenario.Void(pending, scenario.Alice, Later);

        pending.Status.ShouldBe(TransactionStatus.Voided);
        pending.Version.ShouldBe(2);
        pending.UpdatedAt.ShouldBe(Later);
    }

    [Fact]
    public void Void_WhenAnAdminVoids_IsAllowed() => scenario.Void(pending, scenario.Admin).IsSuccess.ShouldBeTrue();

    [Fact]
    public void Void_WhenTheTargetOwnerVoids_ReturnsForbiddenAndKeepsTheHold()
    {
        scenario.Void(pending, scenario.Bob).Error.ShouldBe(LedgerErrors.NotAllowed);

        Source.Held.ShouldBe(40m);
        pending.Status.ShouldBe(TransactionStatus.Pending);
    }

    [Fact]
    public void Void_WhenAlreadyVoided_ReturnsInvalidStateAndReleasesNothingTwice()
    {
        scenario.Void(pending, scenario.Alice).IsSuccess.ShouldBeTrue();

        var again = scenario.Void(pending, scenario.Alice);

        again.Error.Message.ShouldBe("A voided transaction cannot be voided.");
        Source.Held.ShouldBe(0m);
    }

    [Fact]
    public void Void_WhenPosted_ReturnsInvalidState()
    {
        scenario.Post(pending, scenario.Alice).IsSuccess.ShouldBeTrue();

        scenario.Void(pending, scenario.Alice).Error.Message.ShouldBe("A completed transaction cannot be voided.");
        Target.Amount.ShouldBe(40m);
    }

    [Fact]
    public void Void_WhenTheTargetIsClosed_StillReleasesTheHold()
    {
        // Voiding moves nothing into the target, so a closed target does not stand in the way.
        var closedTarget = AccountBuilder.Like(scenario.BobMain).Closed().Build();

        var result = pending.Void(scenario.Alice, [scenario.AliceMain, closedTarget], scenario.Books.SheetFor(pending), Later);

        result.IsSuccess.ShouldBeTrue();
        Source.Held.ShouldBe(0m);
    }
}

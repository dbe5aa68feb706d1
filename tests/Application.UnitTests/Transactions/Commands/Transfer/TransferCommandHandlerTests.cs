using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Transfer;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Transfer;

public class TransferCommandHandlerTests
{
    private readonly LedgerBooks books = new();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid aliceId = Guid.NewGuid();
    private readonly Guid bobId = Guid.NewGuid();
    private readonly Account aliceMain;
    private readonly Account aliceSavings;
    private readonly Account bobMain;

    public TransferCommandHandlerTests()
    {
        aliceMain = new AccountBuilder().OwnedBy(aliceId).Named("Main").Build();
        aliceSavings = new AccountBuilder().OwnedBy(aliceId).Named("Savings").Build();
        bobMain = new AccountBuilder().OwnedBy(bobId).Build();
        books.Add(aliceMain, aliceSavings, bobMain);
        books.Seed(aliceMain, TestAssets.Usd, 100m);
    }

    [Fact]
    public async Task Handle_WhenCompleted_MovesTheMoneyAndLocksBothAccounts()
    {
        var result = await HandlerFor(Alice()).Handle(Transfer(aliceMain, bobMain, "40.00"), CancellationToken.None);

        result.Value.Status.ShouldBe("completed");
        books[aliceMain, TestAssets.Usd].Amount.ShouldBe(60m);
        books[bobMain, TestAssets.Usd].Amount.ShouldBe(40m);
        await books.Accounts.Received(1).LockForMovementAsync(
            Arg.Is<IEnumerable<Guid>>(ids => ids.Order().SequenceEqual(new[] { aliceMain.Id, bobMain.Id }.Order())), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheTargetIsAnotherUsers_HidesTheTargetsBalanceAndAuditsThemAsSubject()
    {
        AuditEntry? entry = null;
        await auditLog.RecordAsync(Arg.Do<AuditEntry>(e => entry = e), Arg.Any<CancellationToken>());

        var result = await HandlerFor(Alice()).Handle(Transfer(aliceMain, bobMain, "40.00"), CancellationToken.None);

        result.Value.Postings.ShouldBe(
        [
            new PostingDto(aliceMain.Id, "USD", "-40.00", "60.00"),
            new PostingDto(bobMain.Id, "USD", "40.00", null),
        ]);
        entry.ShouldNotBeNull().Action.ShouldBe("transaction.transfer");
        entry.SubjectUserId.ShouldBe(bobId);
    }

    [Fact]
    public async Task Handle_WhenBothAccountsAreTheCallers_ShowsBothBalances()
    {
        var result = await HandlerFor(Alice()).Handle(Transfer(aliceMain, aliceSavings, "40.00"), CancellationToken.None);

        result.Value.Postings.Select(p => p.BalanceAfter).ShouldBe(["60.00", "40.00"]);
    }

    [Fact]
    public async Task Handle_WhenPending_OnlyReservesTheAmountAndShowsNoBalanceYet()
    {
        var result = await HandlerFor(Alice()).Handle(Transfer(aliceMain, bobMain, "40.00") with { Pending = true }, CancellationToken.None);

        result.Value.Status.ShouldBe("pending");
        result.Value.Postings.ShouldAllBe(p => p.BalanceAfter == null);
        books[aliceMain, TestAssets.Usd].Amount.ShouldBe(100m);
        books[aliceMain, TestAssets.Usd].Available.ShouldBe(60m);
        books[bobMain, TestAssets.Usd].Amount.ShouldBe(0m);
        await books.Ledger.Received(1).AddAsync(Arg.Is<Transaction>(t => t.Status == TransactionStatus.Pending), Arg.Any<CancellationToken>());
        await books.Ledger.Received(1).SaveBalancesAsync(Arg.Any<BalanceSheet>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenPendingExceedsTheAvailableAmount_ReturnsInsufficientFunds()
    {
        var result = await HandlerFor(Alice()).Handle(Transfer(aliceMain, bobMain, "100.01") with { Pending = true }, CancellationToken.None);

        result.Error.ShouldBe(LedgerErrors.InsufficientFunds);
        await books.Ledger.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
    }

    [Fact]
    public async Task Handle_WhenTheTargetDoesNotExist_ReturnsTargetNotFound()
    {
        var result = await HandlerFor(Alice()).Handle(Transfer(aliceMain, bobMain, "40.00") with { ToAccountId = Guid.NewGuid() }, CancellationToken.None);

        result.Error.ShouldBeSameAs(LedgerErrors.TargetNotFound);
        result.Error.Code.ShouldBe("not_found");
        result.Error.Message.ShouldContain("target");
        await books.Ledger.DidNotReceiveWithAnyArgs().LockBalancesAsync(default!, default, default);
    }

    [Fact]
    public async Task Handle_WhenTheSourceIsAnotherUsers_ReturnsNotFound()
    {
        var result = await HandlerFor(CurrentUsers.For(bobId)).Handle(Transfer(aliceMain, bobMain, "40.00"), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotFound);
        books[aliceMain, TestAssets.Usd].Amount.ShouldBe(100m);
    }

    [Fact]
    public async Task Handle_WhenTheSourceDoesNotExist_ReturnsNotFoundRatherThanTargetNotFound()
    {
        var result = await HandlerFor(Alice()).Handle(Transfer(aliceMain, bobMain, "40.00") with { FromAccountId = Guid.NewGuid() }, CancellationToken.None);

        result.Error.ShouldBeSameAs(AccountErrors.NotFound);
    }

    [Fact]
    public async Task Handle_WhenAnAdminMovesSomeoneElsesMoney_ReturnsForbidden()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(Transfer(aliceMain, bobMain, "40.00"), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotOwner);
        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
    }

    [Fact]
    public async Task Handle_WhenSourceAndTargetAreTheSame_ReturnsSameAccount() =>
        (await HandlerFor(Alice()).Handle(Transfer(aliceMain, aliceMain, "1.00"), CancellationToken.None)).Error.ShouldBe(LedgerErrors.SameAccount);

    [Fact]
    public async Task Handle_WhenTheTargetIsClosed_ReturnsAccountClosed()
    {
        var closed = new AccountBuilder().OwnedBy(bobId).Closed().Build();
        books.Add(closed);

        var result = await HandlerFor(Alice()).Handle(Transfer(aliceMain, closed, "1.00"), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.Closed);
    }

    private ICurrentUser Alice() => CurrentUsers.For(aliceId);

    private static TransferCommand Transfer(Account from, Account to, string amount) => new(from.Id, to.Id, "USD", amount, null, Pending: false, null);

    private TransferCommandHandler HandlerFor(ICurrentUser currentUser) =>
        new(books.Accounts, TestAssets.Catalog(), new Bookkeeper(books.Ledger, books.Accounts, currentUser, auditLog), currentUser, clock);
}

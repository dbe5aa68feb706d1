using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.PostTransfer;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.PostTransfer;

public class PostTransferCommandHandlerTests
{
    private readonly LedgerBooks books = new();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid aliceId = Guid.NewGuid();
    private readonly Guid bobId = Guid.NewGuid();
    private readonly Account alice;
    private readonly Account bob;
    private readonly Transaction pending;

    public PostTransferCommandHandlerTests()
    {
        alice = new AccountBuilder().OwnedBy(aliceId).Build();
        bob = new AccountBuilder().OwnedBy(bobId).Build();
        books.Add(alice, bob);
        books.Seed(alice, TestAssets.Usd, 100m);
        pending = Transaction.Transfer(Guid.NewGuid(), alice, bob, Money.Of(40m, TestAssets.Usd).Value, pending: true, null, aliceId, LedgerBooks.Opened).Value;
        books.Book(pending);
        books.Ledger.FindForUpdateAsync(pending.Id, Arg.Any<CancellationToken>()).Returns(pending);
    }

    [Fact]
    public async Task Handle_WhenTheSourceOwnerPosts_SettlesTheTransferAndStoresIt()
    {
        var result = await HandlerFor(CurrentUsers.For(aliceId)).Handle(new PostTransferCommand(pending.Id, null), CancellationToken.None);

        result.Value.Status.ShouldBe("completed");
        result.Value.Postings.ShouldBe(
        [
            new PostingDto(alice.Id, "USD", "-40.00", "60.00"),
            new PostingDto(bob.Id, "USD", "40.00", null), // Bob's balance is not Alice's to see
        ]);
        books[alice, TestAssets.Usd].Amount.ShouldBe(60m);
        books[alice, TestAssets.Usd].Held.ShouldBe(0m);
        books[bob, TestAssets.Usd].Amount.ShouldBe(40m);
        pending.UpdatedAt.ShouldBe(clock.TruncatedNow);
        await books.Ledger.Received(1).UpdateAsync(pending, Arg.Any<CancellationToken>());
        await books.Ledger.Received(1).SaveBalancesAsync(Arg.Any<BalanceSheet>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenPosted_AuditsItAgainstTheTransactionWithTheTargetOwnerAsSubject()
    {
        AuditEntry? entry = null;
        await auditLog.RecordAsync(Arg.Do<AuditEntry>(e => entry = e), Arg.Any<CancellationToken>());

        await HandlerFor(CurrentUsers.For(aliceId)).Handle(new PostTransferCommand(pending.Id, null), CancellationToken.None);

        entry.ShouldNotBeNull().Action.ShouldBe("transaction.posted");
        entry.EntityType.ShouldBe("transaction");
        entry.EntityId.ShouldBe(pending.Id.ToString());
        entry.SubjectUserId.ShouldBe(bobId);
    }

    [Fact]
    public async Task Handle_WhenAnAdminPosts_SettlesItAndSeesEveryBalance()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new PostTransferCommand(pending.Id, null), CancellationToken.None);

        result.Value.Status.ShouldBe("completed");
        result.Value.Postings.Select(p => p.BalanceAfter).ShouldBe(["60.00", "40.00"]);
    }

    [Fact]
    public async Task Handle_WhenTheTargetOwnerPosts_ReturnsForbiddenAndStoresNothing()
    {
        var result = await HandlerFor(CurrentUsers.For(bobId)).Handle(new PostTransferCommand(pending.Id, null), CancellationToken.None);

        result.Error.ShouldBe(LedgerErrors.NotAllowed);
        pending.Status.ShouldBe(TransactionStatus.Pending);
        await books.Ledger.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default);
        await books.Ledger.DidNotReceiveWithAnyArgs().SaveBalancesAsync(default!, default);
    }

    [Fact]
    public async Task Handle_WhenTheCallerIsNotInvolved_ReturnsNotFoundWithoutLockingBalances()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new PostTransferCommand(pending.Id, null), CancellationToken.None);

        result.Error.ShouldBe(LedgerErrors.TransactionNotFound);
        result.Error.Kind.ShouldBe(ErrorKind.NotFound);
        await books.Ledger.DidNotReceiveWithAnyArgs().LockBalancesAsync(default!, default, default);
        pending.Status.ShouldBe(TransactionStatus.Pending);
    }

    [Fact]
    public async Task Handle_WhenTheTransactionDoesNotExist_ReturnsNotFound() =>
        (await HandlerFor(CurrentUsers.For(aliceId)).Handle(new PostTransferCommand(Guid.NewGuid(), null), CancellationToken.None))
            .Error.ShouldBe(LedgerErrors.TransactionNotFound);

    [Fact]
    public async Task Handle_WhenAlreadyPosted_ReturnsInvalidStateAndStoresNothingMore()
    {
        var handler = HandlerFor(CurrentUsers.For(aliceId));
        (await handler.Handle(new PostTransferCommand(pending.Id, null), CancellationToken.None)).IsSuccess.ShouldBeTrue();

        var again = await handler.Handle(new PostTransferCommand(pending.Id, null), CancellationToken.None);

        again.Error.Code.ShouldBe("invalid_state");
        books[bob, TestAssets.Usd].Amount.ShouldBe(40m);
        await books.Ledger.Received(1).UpdateAsync(pending, Arg.Any<CancellationToken>());
    }

    private PostTransferCommandHandler HandlerFor(ICurrentUser currentUser)
    {
        var bookkeeper = new Bookkeeper(books.Ledger, books.Accounts, currentUser, auditLog);
        return new(new ExistingTransactions(books.Ledger, books.Accounts, bookkeeper, currentUser, clock), currentUser, clock);
    }
}

using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.VoidTransfer;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.VoidTransfer;

public class VoidTransferCommandHandlerTests
{
    private readonly LedgerBooks books = new();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid aliceId = Guid.NewGuid();
    private readonly Account alice;
    private readonly Account bob;
    private readonly Transaction pending;

    public VoidTransferCommandHandlerTests()
    {
        alice = new AccountBuilder().OwnedBy(aliceId).Build();
        bob = new AccountBuilder().Build();
        books.Add(alice, bob);
        books.Seed(alice, TestAssets.Usd, 100m);
        pending = Transaction.Transfer(Guid.NewGuid(), alice, bob, Money.Of(40m, TestAssets.Usd).Value, pending: true, null, aliceId, LedgerBooks.Opened).Value;
        books.Book(pending);
        books.Ledger.FindForUpdateAsync(pending.Id, Arg.Any<CancellationToken>()).Returns(pending);
    }

    [Fact]
    public async Task Handle_WhenTheSourceOwnerVoids_ReleasesTheHoldAndMovesNothing()
    {
        books[alice, TestAssets.Usd].Available.ShouldBe(60m);

        var result = await HandlerFor(CurrentUsers.For(aliceId)).Handle(new VoidTransferCommand(pending.Id, null), CancellationToken.None);

        result.Value.Status.ShouldBe("voided");
        result.Value.Postings.ShouldAllBe(p => p.BalanceAfter == null);
        books[alice, TestAssets.Usd].Amount.ShouldBe(100m);
        books[alice, TestAssets.Usd].Available.ShouldBe(100m);
        books[bob, TestAssets.Usd].Amount.ShouldBe(0m);
        await books.Ledger.Received(1).UpdateAsync(pending, Arg.Any<CancellationToken>());
        await auditLog.Received(1).RecordAsync(Arg.Is<AuditEntry>(e => e.Action == "transaction.voided" && e.EntityId == pending.Id.ToString()), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheCallerCannotSeeTheTransaction_ReturnsNotFound()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new VoidTransferCommand(pending.Id, null), CancellationToken.None);

        result.Error.ShouldBe(LedgerErrors.TransactionNotFound);
        books[alice, TestAssets.Usd].Held.ShouldBe(40m);
    }

    [Fact]
    public async Task Handle_WhenTheTargetOwnerVoids_ReturnsForbidden()
    {
        var result = await HandlerFor(CurrentUsers.For(bob.OwnerId!.Value)).Handle(new VoidTransferCommand(pending.Id, null), CancellationToken.None);

        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
        books[alice, TestAssets.Usd].Held.ShouldBe(40m);
    }

    [Fact]
    public async Task Handle_WhenAnAdminVoids_ReleasesTheHold()
    {
        (await HandlerFor(CurrentUsers.Admin()).Handle(new VoidTransferCommand(pending.Id, null), CancellationToken.None)).IsSuccess.ShouldBeTrue();

        books[alice, TestAssets.Usd].Held.ShouldBe(0m);
    }

    private VoidTransferCommandHandler HandlerFor(ICurrentUser currentUser)
    {
        var bookkeeper = new Bookkeeper(books.Ledger, books.Accounts, currentUser, auditLog);
        return new(new ExistingTransactions(books.Ledger, books.Accounts, bookkeeper, currentUser, clock), currentUser, clock);
    }
}

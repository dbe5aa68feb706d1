using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Reverse;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Reverse;

public class ReverseTransactionCommandHandlerTests
{
    private readonly LedgerBooks books = new();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid aliceId = Guid.NewGuid();
    private readonly Account alice;
    private readonly Transaction credit;

    public ReverseTransactionCommandHandlerTests()
    {
        alice = new AccountBuilder().OwnedBy(aliceId).Build();
        books.Add(alice);
        credit = Transaction.Credit(Guid.NewGuid(), alice, Money.Of(100m, TestAssets.Usd).Value, books.WorldOf(TestAssets.Usd), "Deposit", aliceId, LedgerBooks.Opened).Value;
        books.Book(credit);
        books.Ledger.FindForUpdateAsync(credit.Id, Arg.Any<CancellationToken>()).Returns(credit);
    }

    [Fact]
    public async Task Handle_WhenTheCallerIsNotAnAdmin_ReturnsForbiddenWithoutLoadingAnything()
    {
        var result = await HandlerFor(CurrentUsers.For(aliceId)).Handle(Reverse(credit.Id), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.AdminOnly);
        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
        await books.Ledger.DidNotReceiveWithAnyArgs().FindForUpdateAsync(default, default);
        credit.Status.ShouldBe(TransactionStatus.Completed);
    }

    [Fact]
    public async Task Handle_WhenTheTransactionDoesNotExist_ReturnsNotFound() =>
        (await HandlerFor(CurrentUsers.Admin()).Handle(Reverse(Guid.NewGuid()), CancellationToken.None)).Error.ShouldBe(LedgerErrors.TransactionNotFound);

    [Fact]
    public async Task Handle_WhenAnAdminReverses_AnswersTheReversal()
    {
        var admin = CurrentUsers.Admin();

        var result = await HandlerFor(admin).Handle(Reverse(credit.Id), CancellationToken.None);

        var dto = result.Value;
        dto.Type.ShouldBe("reversal");
        dto.Status.ShouldBe("completed");
        dto.ReversalOf.ShouldBe(credit.Id);
        dto.Description.ShouldBe("Deposited twice"); // trimmed
        dto.CreatedBy.ShouldBe(admin.Actor.UserId);
        dto.CreatedAt.ShouldBe(clock.TruncatedNow);
        dto.Postings.ShouldBe(
        [
            new PostingDto(alice.Id, "USD", "-100.00", "0.00"),
            new PostingDto(books.WorldOf(TestAssets.Usd).Id, "USD", "100.00", null), // the store applies world postings
        ]);
    }

    [Fact]
    public async Task Handle_WhenAnAdminReverses_StoresTheReversalTheReversedOriginalAndTheBalances()
    {
        Transaction? added = null;
        await books.Ledger.AddAsync(Arg.Do<Transaction>(t => added = t), Arg.Any<CancellationToken>());

        var result = await HandlerFor(CurrentUsers.Admin()).Handle(Reverse(credit.Id), CancellationToken.None);

        added.ShouldNotBeNull().Id.ShouldBe(result.Value.Id);
        credit.Status.ShouldBe(TransactionStatus.Reversed);
        credit.ReversedBy.ShouldBe(added.Id);
        await books.Ledger.Received(1).UpdateAsync(credit, Arg.Any<CancellationToken>());
        await books.Ledger.Received(1).SaveBalancesAsync(Arg.Any<BalanceSheet>(), Arg.Any<CancellationToken>());
        books[alice, TestAssets.Usd].Amount.ShouldBe(0m);
    }

    [Fact]
    public async Task Handle_WhenAnAdminReverses_AuditsTheOriginalWithItsOwnerAsSubject()
    {
        AuditEntry? entry = null;
        await auditLog.RecordAsync(Arg.Do<AuditEntry>(e => entry = e), Arg.Any<CancellationToken>());

        await HandlerFor(CurrentUsers.Admin()).Handle(Reverse(credit.Id), CancellationToken.None);

        entry.ShouldNotBeNull().Action.ShouldBe("transaction.reversed");
        entry.EntityId.ShouldBe(credit.Id.ToString());
        entry.SubjectUserId.ShouldBe(aliceId);
    }

    [Fact]
    public async Task Handle_WhenTheReversalWouldOverdraw_ReturnsInsufficientFundsAndStoresNothing()
    {
        var debit = Transaction.Debit(Guid.NewGuid(), alice, Money.Of(60m, TestAssets.Usd).Value, books.WorldOf(TestAssets.Usd), null, aliceId, LedgerBooks.Opened).Value;
        books.Book(debit);

        var result = await HandlerFor(CurrentUsers.Admin()).Handle(Reverse(credit.Id), CancellationToken.None);

        result.Error.ShouldBe(LedgerErrors.InsufficientFunds);
        credit.Status.ShouldBe(TransactionStatus.Completed);
        await books.Ledger.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        await books.Ledger.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenReversedTwice_ReturnsInvalidState()
    {
        var handler = HandlerFor(CurrentUsers.Admin());
        (await handler.Handle(Reverse(credit.Id), CancellationToken.None)).IsSuccess.ShouldBeTrue();

        (await handler.Handle(Reverse(credit.Id), CancellationToken.None)).Error.Code.ShouldBe("invalid_state");
        await books.Ledger.Received(1).AddAsync(Arg.Any<Transaction>(), Arg.Any<CancellationToken>());
    }

    private static ReverseTransactionCommand Reverse(Guid id) => new(id, "  Deposited twice ", null);

    private ReverseTransactionCommandHandler HandlerFor(ICurrentUser currentUser)
    {
        var bookkeeper = new Bookkeeper(books.Ledger, books.Accounts, currentUser, auditLog);
        return new(new ExistingTransactions(books.Ledger, books.Accounts, bookkeeper, currentUser, clock), books.Ledger, bookkeeper, currentUser, clock);
    }
}

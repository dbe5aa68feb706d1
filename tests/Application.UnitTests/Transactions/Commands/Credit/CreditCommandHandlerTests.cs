using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Credit;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Credit;

public class CreditCommandHandlerTests
{
    private readonly LedgerBooks books = new();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid ownerId = Guid.NewGuid();
    private readonly Account account;
    private readonly Account world;

    public CreditCommandHandlerTests()
    {
        account = new AccountBuilder().OwnedBy(ownerId).Build();
        world = books.WorldOf(TestAssets.Usd);
        books.Add(account);
        books.Seed(account, TestAssets.Usd, 100m);
        books.Seed(world, TestAssets.Usd, -100m);
    }

    [Fact]
    public async Task Handle_WhenTheAccountBelongsToAnotherUser_ReturnsNotFoundAndBooksNothing()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(Credit("25.50"), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotFound);
        result.Error.Kind.ShouldBe(ErrorKind.NotFound);
        await ShouldHaveBookedNothing();
    }

    [Fact]
    public async Task Handle_WhenTheAccountDoesNotExist_ReturnsNotFound()
    {
        var result = await HandlerFor(Owner()).Handle(Credit("25.50") with { AccountId = Guid.NewGuid() }, CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotFound);
        await ShouldHaveBookedNothing();
    }

    [Fact]
    public async Task Handle_WhenAnAdminCreditsSomeoneElsesAccount_ReturnsForbidden()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(Credit("25.50"), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotOwner);
        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
        await ShouldHaveBookedNothing();
    }

    [Fact]
    public async Task Handle_WhenTheAccountIsClosed_ReturnsAccountClosedAndBooksNothing()
    {
        var closed = new AccountBuilder().OwnedBy(ownerId).Closed().Build();
        books.Add(closed);

        var result = await HandlerFor(Owner()).Handle(Credit("25.50") with { AccountId = closed.Id }, CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.Closed);
        await ShouldHaveBookedNothing();
    }

    [Fact]
    public async Task Handle_WhenTheOwnerCredits_LocksTheAccountsBalance_AndHasTheStoreApplyTheWorldPostingLast()
    {
        using var cancellation = new CancellationTokenSource();

        await HandlerFor(Owner()).Handle(Credit("25.50"), cancellation.Token);

        BalanceKey[] expected = [new(account.Id, TestAssets.Usd.Code)];
        await books.Ledger.Received(1).LockBalancesAsync(
            Arg.Is<IReadOnlyList<BalanceKey>>(keys => keys.SequenceEqual(expected)), clock.TruncatedNow, cancellation.Token);
        Received.InOrder(() =>
        {
            books.Ledger.AddAsync(Arg.Any<Transaction>(), cancellation.Token);
            books.Ledger.SaveBalancesAsync(Arg.Any<BalanceSheet>(), cancellation.Token);
            books.Ledger.ApplyWorldPostingsAsync(
                Arg.Is<Transaction>(t => t.Postings.Any(p => p.IsWorld && p.AccountId == world.Id)), clock.TruncatedNow, cancellation.Token);
        });
    }

    [Fact]
    public async Task Handle_WhenTheOwnerCredits_StoresTheTransactionAndTheChangedBalances()
    {
        Transaction? added = null;
        BalanceSheet? saved = null;
        await books.Ledger.AddAsync(Arg.Do<Transaction>(t => added = t), Arg.Any<CancellationToken>());
        await books.Ledger.SaveBalancesAsync(Arg.Do<BalanceSheet>(s => saved = s), Arg.Any<CancellationToken>());

        var result = await HandlerFor(Owner()).Handle(Credit("25.50"), CancellationToken.None);

        added.ShouldNotBeNull().Id.ShouldBe(result.Value.Id);
        added.Type.ShouldBe(TransactionType.Credit);
        saved.ShouldNotBeNull().Changed.Select(b => (b.AccountId, b.Amount)).ShouldBe([(account.Id, 125.50m)]);
    }

    [Fact]
    public async Task Handle_WhenTheOwnerCredits_AnswersTheTransactionWithTheBalanceOnlyOnTheirOwnAccount()
    {
        var result = await HandlerFor(Owner()).Handle(Credit("25.5") with { Asset = "usd" }, CancellationToken.None);

        var dto = result.Value;
        dto.Type.ShouldBe("credit");
        dto.Status.ShouldBe("completed");
        dto.Description.ShouldBe("Salary");
        dto.CreatedBy.ShouldBe(ownerId);
        dto.CreatedAt.ShouldBe(clock.TruncatedNow);
        dto.Id.Version.ShouldBe(7);
        dto.ReversalOf.ShouldBeNull();
        dto.ReversedBy.ShouldBeNull();
        dto.Trade.ShouldBeNull();
        dto.Postings.ShouldBe(
        [
            new PostingDto(account.Id, "USD", "25.50", "125.50"),
            new PostingDto(world.Id, "USD", "-25.50", null), // a world account's balance is never shown
        ]);
    }

    [Fact]
    public async Task Handle_WhenTheOwnerCredits_AuditsTheTransactionWithoutASubjectUser()
    {
        AuditEntry? entry = null;
        await auditLog.RecordAsync(Arg.Do<AuditEntry>(e => entry = e), Arg.Any<CancellationToken>());

        var result = await HandlerFor(Owner()).Handle(Credit("25.50"), CancellationToken.None);

        entry.ShouldNotBeNull();
        entry.Action.ShouldBe("transaction.credit");
        entry.EntityType.ShouldBe("transaction");
        entry.EntityId.ShouldBe(result.Value.Id.ToString());
        entry.Outcome.ShouldBe(AuditOutcome.Succeeded);
        entry.After.ShouldBeSameAs(result.Value);
        entry.SubjectUserId.ShouldBeNull();
    }

    private ICurrentUser Owner() => CurrentUsers.For(ownerId);

    private CreditCommand Credit(string amount) => new(account.Id, "USD", amount, "Salary", null);

    private async Task ShouldHaveBookedNothing()
    {
        await books.Ledger.DidNotReceiveWithAnyArgs().LockBalancesAsync(default!, default, default);
        await books.Ledger.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        await books.Ledger.DidNotReceiveWithAnyArgs().SaveBalancesAsync(default!, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    private CreditCommandHandler HandlerFor(ICurrentUser currentUser) =>
        new(books.Accounts, TestAssets.Catalog(), new Bookkeeper(books.Ledger, books.Accounts, currentUser, auditLog), currentUser, clock);
}

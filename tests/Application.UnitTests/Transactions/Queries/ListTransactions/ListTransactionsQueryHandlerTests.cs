using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Queries.ListTransactions;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;

namespace PortfolioTracker.Application.UnitTests.Transactions.Queries.ListTransactions;

public class ListTransactionsQueryHandlerTests
{
    private static readonly ListTransactionsQuery AllOfMine = new(null, null, null, null, null, 50, null);

    private readonly ITransactionQueries queries = Substitute.For<ITransactionQueries>();
    private readonly IAccountQueries accounts = Substitute.For<IAccountQueries>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly Guid aliceId = Guid.NewGuid();
    private readonly Guid bobId = Guid.NewGuid();
    private readonly AccountDto aliceMain;
    private readonly AccountDto aliceSavings;
    private readonly AccountDto bobMain;
    private readonly TransactionView transfer;

    public ListTransactionsQueryHandlerTests()
    {
        aliceMain = AccountDto.From(new AccountBuilder().OwnedBy(aliceId).Named("Main").Build());
        aliceSavings = AccountDto.From(new AccountBuilder().OwnedBy(aliceId).Named("Savings").Build());
        bobMain = AccountDto.From(new AccountBuilder().OwnedBy(bobId).Build());
        accounts.ListAsync(aliceId, Arg.Any<CancellationToken>()).Returns([aliceMain, aliceSavings]);
        accounts.ListAsync(Arg.Is<Guid>(id => id != aliceId), Arg.Any<CancellationToken>()).Returns([]);
        accounts.FindAsync(bobMain.Id, Arg.Any<CancellationToken>()).Returns(new AccountView(bobMain, bobId));
        transfer = new TransactionView(
            new TransactionDto(
                Guid.NewGuid(),
                "transfer",
                "completed",
                [new PostingDto(aliceMain.Id, "USD", "-40.00", "60.00"), new PostingDto(bobMain.Id, "USD", "40.00", "40.00")],
                null,
                LedgerBooks.Opened,
                aliceId,
                null,
                null,
                null),
            new Dictionary<Guid, Guid?> { [aliceMain.Id] = aliceId, [bobMain.Id] = bobId });
        queries.ListAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<TransactionFilter>(), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>())
            .Returns(call => call.Arg<IReadOnlyCollection<Guid>>().Count == 0
                ? new Page<TransactionView>([], null)
                : new Page<TransactionView>([transfer], "next-page"));
    }

    [Fact]
    public async Task Handle_WhenTheCallerHasNoAccounts_ReturnsAnEmptyPage()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(AllOfMine, CancellationToken.None);

        result.Value.Items.ShouldBeEmpty();
        result.Value.NextCursor.ShouldBeNull();
        await queries.Received(1).ListAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.Count == 0), Arg.Any<TransactionFilter>(), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenNoAccountIsGiven_ListsEveryAccountOfTheCallerWithTheFiltersAndPage()
    {
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var cursor = new PageCursor(from.AddDays(3), Guid.NewGuid());
        var query = new ListTransactionsQuery(null, "transfer", "completed", from, from.AddDays(7), 20, cursor.Encode());

        var result = await HandlerFor(CurrentUsers.For(aliceId)).Handle(query, CancellationToken.None);

        result.Value.NextCursor.ShouldBe("next-page");
        await queries.Received(1).ListAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.Order().SequenceEqual(new[] { aliceMain.Id, aliceSavings.Id }.Order())),
            new TransactionFilter("transfer", "completed", from, from.AddDays(7)),
            new PageRequest(20, cursor),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenAUserLists_HidesTheBalancesOfOtherUsersAccounts()
    {
        var result = await HandlerFor(CurrentUsers.For(aliceId)).Handle(AllOfMine, CancellationToken.None);

        result.Value.Items.ShouldHaveSingleItem().Postings.Select(p => p.BalanceAfter).ShouldBe(["60.00", null]);
    }

    [Fact]
    public async Task Handle_WhenAUserAsksForAnotherUsersAccount_ReturnsNotFoundWithoutListing()
    {
        var result = await HandlerFor(CurrentUsers.For(aliceId)).Handle(AllOfMine with { AccountId = bobMain.Id }, CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotFound);
        await queries.DidNotReceiveWithAnyArgs().ListAsync(default!, default!, default!, default);
    }

    [Fact]
    public async Task Handle_WhenTheAccountDoesNotExist_ReturnsNotFound() =>
        (await HandlerFor(CurrentUsers.Admin()).Handle(AllOfMine with { AccountId = Guid.NewGuid() }, CancellationToken.None)).Error.ShouldBe(AccountErrors.NotFound);

    [Fact]
    public async Task Handle_WhenAnAdminAsksForAnotherUsersAccount_ListsOnlyThatAccountUnfilteredAndAuditsTheRead()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(AllOfMine with { AccountId = bobMain.Id }, CancellationToken.None);

        result.Value.Items.ShouldHaveSingleItem().Postings.Select(p => p.BalanceAfter).ShouldBe(["60.00", "40.00"]);
        await queries.Received(1).ListAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.SequenceEqual(new[] { bobMain.Id })), Arg.Any<TransactionFilter>(), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>());
        await auditLog.Received(1).RecordAsync(
            new AuditEntry("admin.read_transactions", "account", bobMain.Id.ToString(), SubjectUserId: bobId), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenAUserAsksForTheirOwnAccount_ListsItWithoutAuditing()
    {
        accounts.FindAsync(aliceMain.Id, Arg.Any<CancellationToken>()).Returns(new AccountView(aliceMain, aliceId));

        var result = await HandlerFor(CurrentUsers.For(aliceId)).Handle(AllOfMine with { AccountId = aliceMain.Id }, CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    private ListTransactionsQueryHandler HandlerFor(ICurrentUser currentUser) =>
        new(queries, accounts, new AccountAccess(accounts, currentUser, auditLog), currentUser);
}

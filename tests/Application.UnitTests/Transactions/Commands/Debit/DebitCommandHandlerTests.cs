using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Debit;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Transactions.Commands.Debit;

public class DebitCommandHandlerTests
{
    private readonly LedgerBooks books = new();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid ownerId = Guid.NewGuid();
    private readonly Account account;

    public DebitCommandHandlerTests()
    {
        account = new AccountBuilder().OwnedBy(ownerId).Build();
        books.Add(account);
        books.Seed(account, TestAssets.Btc, 1m);
        books.Seed(books.WorldOf(TestAssets.Btc), TestAssets.Btc, -1m);
    }

    [Fact]
    public async Task Handle_WhenTheBalanceCoversIt_PaysTheWorldAndShowsTheNewBalance()
    {
        var result = await Handler().Handle(Debit("0.25"), CancellationToken.None);

        result.Value.Type.ShouldBe("debit");
        result.Value.Postings.ShouldBe(
        [
            new PostingDto(account.Id, "BTC", "-0.25000000", "0.75000000"),
            new PostingDto(books.WorldOf(TestAssets.Btc).Id, "BTC", "0.25000000", null),
        ]);
        books[account, TestAssets.Btc].Amount.ShouldBe(0.75m);
        await books.Ledger.Received(1).SaveBalancesAsync(Arg.Any<BalanceSheet>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheBalanceDoesNotCoverIt_ReturnsInsufficientFundsAndStoresNothing()
    {
        var result = await Handler().Handle(Debit("1.00000001"), CancellationToken.None);

        result.Error.ShouldBe(LedgerErrors.InsufficientFunds);
        await books.Ledger.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        await books.Ledger.DidNotReceiveWithAnyArgs().SaveBalancesAsync(default!, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenTheAccountBelongsToAnotherUser_ReturnsNotFound()
    {
        var other = CurrentUsers.For(Guid.NewGuid());
        var handler = new DebitCommandHandler(books.Accounts, TestAssets.Catalog(), new Bookkeeper(books.Ledger, books.Accounts, other, auditLog), other, clock);

        (await handler.Handle(Debit("0.25"), CancellationToken.None)).Error.ShouldBe(AccountErrors.NotFound);
        books[account, TestAssets.Btc].Amount.ShouldBe(1m);
    }

    private DebitCommand Debit(string amount) => new(account.Id, "BTC", amount, null, null);

    private DebitCommandHandler Handler()
    {
        var owner = CurrentUsers.For(ownerId);
        return new(books.Accounts, TestAssets.Catalog(), new Bookkeeper(books.Ledger, books.Accounts, owner, auditLog), owner, clock);
    }
}

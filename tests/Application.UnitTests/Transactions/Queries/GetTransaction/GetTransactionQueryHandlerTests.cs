using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Queries.GetTransaction;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Transactions.Queries.GetTransaction;

/// <summary>Alice paid Bob 40 USD; the read side has every balance, the handler decides who sees which.</summary>
public class GetTransactionQueryHandlerTests
{
    private readonly ITransactionQueries queries = Substitute.For<ITransactionQueries>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly Guid aliceId = Guid.NewGuid();
    private readonly Guid bobId = Guid.NewGuid();
    private readonly Guid aliceAccount = Guid.NewGuid();
    private readonly Guid bobAccount = Guid.NewGuid();
    private readonly TransactionDto stored;

    public GetTransactionQueryHandlerTests()
    {
        stored = new TransactionDto(
            Guid.NewGuid(),
            "transfer",
            "completed",
            [new PostingDto(aliceAccount, "USD", "-40.00", "60.00"), new PostingDto(bobAccount, "USD", "40.00", "140.00")],
            null,
            LedgerBooks.Opened,
            aliceId,
            null,
            null,
            null);
        queries.FindAsync(stored.Id, Arg.Any<CancellationToken>())
            .Returns(new TransactionView(stored, new Dictionary<Guid, Guid?> { [aliceAccount] = aliceId, [bobAccount] = bobId }));
    }

    [Fact]
    public async Task Handle_WhenTheSenderReads_SeesOnlyTheirOwnBalance()
    {
        var result = await HandlerFor(CurrentUsers.For(aliceId)).Handle(new GetTransactionQuery(stored.Id), CancellationToken.None);

        result.Value.Postings.Select(p => p.BalanceAfter).ShouldBe(["60.00", null]);
        result.Value.Postings.Select(p => p.Amount).ShouldBe(["-40.00", "40.00"]);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenTheReceiverReads_SeesTheIncomingTransferWithOnlyTheirOwnBalance()
    {
        var result = await HandlerFor(CurrentUsers.For(bobId)).Handle(new GetTransactionQuery(stored.Id), CancellationToken.None);

        result.Value.Id.ShouldBe(stored.Id);
        result.Value.Postings.Select(p => p.BalanceAfter).ShouldBe([null, "140.00"]);
    }

    [Fact]
    public async Task Handle_WhenAStrangerReads_ReturnsNotFound()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new GetTransactionQuery(stored.Id), CancellationToken.None);

        result.Error.ShouldBe(LedgerErrors.TransactionNotFound);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenTheTransactionDoesNotExist_ReturnsNotFound() =>
        (await HandlerFor(CurrentUsers.Admin()).Handle(new GetTransactionQuery(Guid.NewGuid()), CancellationToken.None)).Error.ShouldBe(LedgerErrors.TransactionNotFound);

    [Fact]
    public async Task Handle_WhenAnAdminReadsSomeoneElsesTransaction_SeesEveryBalanceAndTheReadIsAudited()
    {
        using var cancellation = new CancellationTokenSource();

        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new GetTransactionQuery(stored.Id), cancellation.Token);

        result.Value.Postings.Select(p => p.BalanceAfter).ShouldBe(["60.00", "140.00"]);
        await auditLog.Received(1).RecordAsync(new AuditEntry("admin.read_transaction", "transaction", stored.Id.ToString()), cancellation.Token);
    }

    [Fact]
    public async Task Handle_WhenAnAdminReadsTheirOwnTransaction_IsNotAudited()
    {
        var result = await HandlerFor(CurrentUsers.For(aliceId, isAdmin: true)).Handle(new GetTransactionQuery(stored.Id), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    private GetTransactionQueryHandler HandlerFor(ICurrentUser currentUser) => new(queries, currentUser, auditLog);
}

using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Accounts.Queries.GetAccount;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;

namespace PortfolioTracker.Application.UnitTests.Accounts.Queries.GetAccount;

/// <summary>Reading one account, and through it <see cref="AccountAccess"/>, which every account query uses.</summary>
public class GetAccountQueryHandlerTests
{
    private readonly IAccountQueries queries = Substitute.For<IAccountQueries>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly Guid ownerId = Guid.NewGuid();
    private readonly AccountDto account;

    public GetAccountQueryHandlerTests()
    {
        account = AccountDto.From(new AccountBuilder().OwnedBy(ownerId).Build());
        queries.FindAsync(account.Id, Arg.Any<CancellationToken>()).Returns(new AccountView(account, ownerId));
    }

    [Fact]
    public async Task Handle_WhenTheOwnerReads_AnswersTheAccountWithoutAuditing()
    {
        var result = await HandlerFor(CurrentUsers.For(ownerId)).Handle(new GetAccountQuery(account.Id), CancellationToken.None);

        result.Value.ShouldBeSameAs(account);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenAnotherUserReads_ReturnsNotFound() =>
        (await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new GetAccountQuery(account.Id), CancellationToken.None)).Error.ShouldBe(AccountErrors.NotFound);

    [Fact]
    public async Task Handle_WhenTheAccountDoesNotExist_ReturnsNotFound() =>
        (await HandlerFor(CurrentUsers.Admin()).Handle(new GetAccountQuery(Guid.NewGuid()), CancellationToken.None)).Error.ShouldBe(AccountErrors.NotFound);

    [Fact]
    public async Task Handle_WhenAnAdminReadsSomeoneElsesAccount_AnswersItAndAuditsTheRead()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new GetAccountQuery(account.Id), CancellationToken.None);

        result.Value.ShouldBeSameAs(account);
        await auditLog.Received(1).RecordAsync(
            new AuditEntry("admin.read_account", "account", account.Id.ToString(), SubjectUserId: ownerId), Arg.Any<CancellationToken>());
    }

    private GetAccountQueryHandler HandlerFor(ICurrentUser currentUser) => new(new AccountAccess(queries, currentUser, auditLog));
}

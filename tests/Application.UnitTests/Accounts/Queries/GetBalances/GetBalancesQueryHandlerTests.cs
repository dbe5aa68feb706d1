using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Accounts.Queries.GetBalances;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Application.UnitTests.Accounts.Queries.GetBalances;

public class GetBalancesQueryHandlerTests
{
    private readonly IAccountQueries queries = Substitute.For<IAccountQueries>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly Guid ownerId = Guid.NewGuid();
    private readonly AccountDto account;
    private readonly IReadOnlyList<BalanceDto> current = [new("BTC", "1.00000000", "0.60000000", LedgerBooks.Opened)];
    private readonly IReadOnlyList<BalanceDto> past = [new("BTC", "0.50000000", "0.50000000", LedgerBooks.Opened)];

    public GetBalancesQueryHandlerTests()
    {
        account = AccountDto.From(new AccountBuilder().OwnedBy(ownerId).WithBaseCurrency(AssetCode.Parse("BTC")).Build());
        queries.FindWithBalancesAsync(account.Id, null, Arg.Any<CancellationToken>()).Returns(new AccountBalancesView(new AccountView(account, ownerId), current));
        queries.FindWithBalancesAsync(account.Id, Arg.Is<DateTimeOffset?>(at => at != null), Arg.Any<CancellationToken>())
            .Returns(new AccountBalancesView(new AccountView(account, ownerId), past));
    }

    [Fact]
    public async Task Handle_WhenNoInstantIsGiven_AnswersTheCurrentBalancesIncludingTheBaseCurrency()
    {
        var result = await HandlerFor(CurrentUsers.For(ownerId)).Handle(new GetBalancesQuery(account.Id, null), CancellationToken.None);

        result.Value.Items.ShouldBeSameAs(current);
    }

    [Fact]
    public async Task Handle_WhenAnInstantIsGiven_AnswersTheBalancesAsTheyWereThen()
    {
        var at = new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero);

        var result = await HandlerFor(CurrentUsers.For(ownerId)).Handle(new GetBalancesQuery(account.Id, at), CancellationToken.None);

        result.Value.Items.ShouldBeSameAs(past);
        await queries.Received(1).FindWithBalancesAsync(account.Id, at, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheAccountIsAnotherUsers_ReturnsNotFound()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new GetBalancesQuery(account.Id, null), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotFound);
    }

    [Fact]
    public async Task Handle_WhenTheAccountDoesNotExist_ReturnsNotFound()
    {
        var result = await HandlerFor(CurrentUsers.For(ownerId)).Handle(new GetBalancesQuery(Guid.NewGuid(), null), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotFound);
    }

    [Fact]
    public async Task Handle_WhenAnInstantIsGivenForAnotherUsersAccount_ReturnsNotFound()
    {
        var at = new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero);

        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new GetBalancesQuery(account.Id, at), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotFound);
        await auditLog.DidNotReceiveWithAnyArgs().RecordAsync(default!, default);
    }

    [Fact]
    public async Task Handle_WhenAnAdminReadsSomeoneElsesBalances_AnswersThemAndAuditsTheRead()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new GetBalancesQuery(account.Id, null), CancellationToken.None);

        result.Value.Items.ShouldBeSameAs(current);
        await auditLog.Received(1).RecordAsync(
            new AuditEntry("admin.read_balances", "account", account.Id.ToString(), SubjectUserId: ownerId), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenAnAdminReadsSomeoneElsesPastBalances_AnswersThemAndAuditsTheRead()
    {
        var at = new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero);

        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new GetBalancesQuery(account.Id, at), CancellationToken.None);

        result.Value.Items.ShouldBeSameAs(past);
        await auditLog.Received(1).RecordAsync(
            new AuditEntry("admin.read_balances", "account", account.Id.ToString(), SubjectUserId: ownerId), Arg.Any<CancellationToken>());
    }

    private GetBalancesQueryHandler HandlerFor(ICurrentUser currentUser) => new(new AccountAccess(queries, currentUser, auditLog), queries);
}

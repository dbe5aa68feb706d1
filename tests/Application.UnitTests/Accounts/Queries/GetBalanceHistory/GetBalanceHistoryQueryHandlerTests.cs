using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Accounts.Queries.GetBalanceHistory;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Application.UnitTests.Accounts.Queries.GetBalanceHistory;

public class GetBalanceHistoryQueryHandlerTests
{
    private readonly IAccountQueries queries = Substitute.For<IAccountQueries>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid ownerId = Guid.NewGuid();
    private readonly AccountDto account;
    private readonly IReadOnlyList<BalancePointDto> points = [new(LedgerBooks.Opened, "0.00"), new(LedgerBooks.Opened.AddDays(1), "12.50")];

    public GetBalanceHistoryQueryHandlerTests()
    {
        account = AccountDto.From(new AccountBuilder().OwnedBy(ownerId).WithBaseCurrency(AssetCode.Parse("EUR")).Build());
        queries.FindAsync(account.Id, Arg.Any<CancellationToken>()).Returns(new AccountView(account, ownerId));
        queries.HistoryAsync(default, default!, default, default, default, default).ReturnsForAnyArgs(points);
    }

    [Fact]
    public async Task Handle_WhenOnlyTheAccountIsGiven_AsksForTheBaseCurrencyByDayOverTheLast30Days()
    {
        var result = await HandlerFor(CurrentUsers.For(ownerId)).Handle(new GetBalanceHistoryQuery(account.Id, null, null, null, null), CancellationToken.None);

        result.Value.Items.ShouldBeSameAs(points);
        // 30 points: today and the 29 days before.
        await queries.Received(1).HistoryAsync(
            account.Id, TestAssets.Eur, clock.Now.AddDays(-29), clock.Now, BalanceInterval.Day, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenHourlyWithoutRange_CoversTheLast30Hours()
    {
        await HandlerFor(CurrentUsers.For(ownerId)).Handle(new GetBalanceHistoryQuery(account.Id, "btc", null, null, "hour"), CancellationToken.None);

        await queries.Received(1).HistoryAsync(
            account.Id, TestAssets.Btc, clock.Now.AddHours(-29), clock.Now, BalanceInterval.Hour, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenOnlyToIsGiven_EndsThereAndStarts29IntervalsEarlier()
    {
        var to = new DateTimeOffset(2025, 1, 31, 0, 0, 0, TimeSpan.Zero);

        await HandlerFor(CurrentUsers.For(ownerId)).Handle(new GetBalanceHistoryQuery(account.Id, null, null, to, "day"), CancellationToken.None);

        await queries.Received(1).HistoryAsync(account.Id, TestAssets.Eur, to.AddDays(-29), to, BalanceInterval.Day, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenFromAndToAreGiven_UsesThem()
    {
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddDays(90);

        await HandlerFor(CurrentUsers.For(ownerId)).Handle(new GetBalanceHistoryQuery(account.Id, "USD", from, to, null), CancellationToken.None);

        await queries.Received(1).HistoryAsync(account.Id, TestAssets.Usd, from, to, BalanceInterval.Day, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheAccountIsAnotherUsers_ReturnsNotFoundWithoutReadingHistory()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new GetBalanceHistoryQuery(account.Id, null, null, null, null), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotFound);
        await queries.DidNotReceiveWithAnyArgs().HistoryAsync(default, default!, default, default, default, default);
    }

    [Fact]
    public async Task Handle_WhenAnAdminReadsSomeoneElsesHistory_AuditsTheRead()
    {
        await HandlerFor(CurrentUsers.Admin()).Handle(new GetBalanceHistoryQuery(account.Id, null, null, null, null), CancellationToken.None);

        await auditLog.Received(1).RecordAsync(
            new AuditEntry("admin.read_balance_history", "account", account.Id.ToString(), SubjectUserId: ownerId), Arg.Any<CancellationToken>());
    }

    private GetBalanceHistoryQueryHandler HandlerFor(ICurrentUser currentUser) =>
        new(new AccountAccess(queries, currentUser, auditLog), queries, TestAssets.Catalog(), clock);
}

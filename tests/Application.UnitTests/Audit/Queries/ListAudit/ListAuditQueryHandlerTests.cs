using NSubstitute;
using PortfolioTracker.Application.Audit;
using PortfolioTracker.Application.Audit.Queries.ListAudit;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Audit.Queries.ListAudit;

public class ListAuditQueryHandlerTests
{
    private readonly IAuditQueries queries = Substitute.For<IAuditQueries>();
    private readonly Page<AuditEntryDto> page = new(
        [new AuditEntryDto(Guid.NewGuid(), LedgerBooks.Opened, Guid.NewGuid(), "transaction.credit", "transaction", "t-1", null, "succeeded", null, "10.0.0.1", "trace", null, null)],
        "next");

    public ListAuditQueryHandlerTests() =>
        queries.ListAsync(Arg.Any<AuditFilter>(), Arg.Any<PageRequest>(), Arg.Any<CancellationToken>()).Returns(page);

    [Fact]
    public async Task Handle_WhenTheCallerIsNotAnAdmin_ReturnsForbiddenWithoutListing()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(Query(), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.AdminOnly);
        await queries.DidNotReceiveWithAnyArgs().ListAsync(default!, default!, default);
    }

    [Fact]
    public async Task Handle_WhenAnAdminLists_PassesEveryFilterAndThePageAndAnswersThePage()
    {
        var userId = Guid.NewGuid();
        var from = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var cursor = new PageCursor(from, Guid.NewGuid());

        var result = await HandlerFor(CurrentUsers.Admin())
            .Handle(new ListAuditQuery(userId, "account", "a-1", "account.closed", from, from.AddDays(1), 10, cursor.Encode()), CancellationToken.None);

        result.Value.ShouldBeSameAs(page);
        await queries.Received(1).ListAsync(
            new AuditFilter(userId, "account", "a-1", "account.closed", from, from.AddDays(1)), new PageRequest(10, cursor), Arg.Any<CancellationToken>());
    }

    private static ListAuditQuery Query() => new(null, null, null, null, null, null, 50, null);

    private ListAuditQueryHandler HandlerFor(ICurrentUser currentUser) => new(queries, currentUser);
}

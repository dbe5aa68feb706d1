using NSubstitute;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Application.Users.Queries.ListUsers;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Users.Queries.ListUsers;

public class ListUsersQueryHandlerTests
{
    private readonly IUserQueries queries = Substitute.For<IUserQueries>();
    private readonly Page<UserDto> page = new([UserDto.From(new UserBuilder().Build())], NextCursor: "next");

    public ListUsersQueryHandlerTests() =>
        queries.ListAsync(Arg.Any<PageRequest>(), Arg.Any<CancellationToken>()).Returns(page);

    [Fact]
    public async Task Handle_WhenCallerIsNotAdmin_ReturnsForbiddenWithoutListing()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new ListUsersQuery(10, null), CancellationToken.None);

        result.IsFailure.ShouldBeTrue();
        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
        result.Error.Code.ShouldBe("forbidden");
        await queries.DidNotReceiveWithAnyArgs().ListAsync(default!, default);
    }

    [Fact]
    public async Task Handle_WhenCallerIsAdmin_ReturnsThePageFromTheQueries()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new ListUsersQuery(10, null), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        result.Value.ShouldBeSameAs(page);
    }

    [Fact]
    public async Task Handle_WhenCallerIsAdminWithoutCursor_AsksForTheFirstPageOfTheGivenSize()
    {
        await HandlerFor(CurrentUsers.Admin()).Handle(new ListUsersQuery(25, null), CancellationToken.None);

        await queries.Received(1).ListAsync(new PageRequest(25, null), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenCallerIsAdminWithCursor_AsksForThePageAfterTheDecodedCursor()
    {
        var after = new PageCursor(new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero), Guid.NewGuid());

        await HandlerFor(CurrentUsers.Admin()).Handle(new ListUsersQuery(5, after.Encode()), CancellationToken.None);

        await queries.Received(1).ListAsync(new PageRequest(5, after), Arg.Any<CancellationToken>());
    }

    private ListUsersQueryHandler HandlerFor(ICurrentUser currentUser) => new(queries, currentUser);
}

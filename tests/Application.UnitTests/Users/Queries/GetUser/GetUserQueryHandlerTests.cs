using NSubstitute;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Application.Users.Queries.GetUser;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Users.Queries.GetUser;

public class GetUserQueryHandlerTests
{
    private readonly IUserQueries queries = Substitute.For<IUserQueries>();
    private readonly UserDto alice = UserDto.From(new UserBuilder().Build());

    public GetUserQueryHandlerTests() =>
        queries.FindAsync(alice.Id, Arg.Any<CancellationToken>()).Returns(alice);

    [Fact]
    public async Task Handle_WhenUserReadsThemself_ReturnsTheirDto()
    {
        var result = await HandlerFor(CurrentUsers.For(alice.Id)).Handle(new GetUserQuery(alice.Id), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        result.Value.ShouldBeSameAs(alice);
    }

    [Fact]
    public async Task Handle_WhenAdminReadsAnotherUser_ReturnsTheirDto()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new GetUserQuery(alice.Id), CancellationToken.None);

        result.Value.ShouldBeSameAs(alice);
    }

    [Fact]
    public async Task Handle_WhenNonAdminReadsAnotherUser_ReturnsNotFoundWithoutLookingTheUserUp()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new GetUserQuery(alice.Id), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.NotFound);
        await queries.DidNotReceiveWithAnyArgs().FindAsync(default, default);
    }

    [Fact]
    public async Task Handle_WhenUserDoesNotExist_ReturnsNotFound()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new GetUserQuery(Guid.NewGuid()), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.NotFound);
    }

    private GetUserQueryHandler HandlerFor(ICurrentUser currentUser) => new(queries, currentUser);
}

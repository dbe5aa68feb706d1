using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Application.Users.Commands.DeleteUser;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Users.Commands.DeleteUser;

public class DeleteUserCommandHandlerTests
{
    private readonly IUserRepository users = Substitute.For<IUserRepository>();
    private readonly IRefreshTokenRepository refreshTokens = Substitute.For<IRefreshTokenRepository>();
    private readonly IUserSessions sessions = Substitute.For<IUserSessions>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly User user = new UserBuilder().WithSecurityStamp("stamp-before").WithVersion(2).Build();
    private readonly List<Action> committedActions = [];

    public DeleteUserCommandHandlerTests()
    {
        users.FindByIdForUpdateAsync(user.Id, Arg.Any<CancellationToken>()).Returns(user);
        users.UpdateAsync(Arg.Any<User>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Result.Success());
        unitOfWork.OnCommitted(Arg.Do<Action>(committedActions.Add));
    }

    [Fact]
    public async Task Handle_WhenNonAdminTargetsSomeoneElse_ReturnsNotFoundAndDeletesNothing()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(new DeleteUserCommand(user.Id), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.NotFound);
        user.IsDeleted.ShouldBeFalse();
        await users.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
        await refreshTokens.DidNotReceiveWithAnyArgs().RevokeAllOfUserAsync(default, default, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenUserDoesNotExist_ReturnsNotFound()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new DeleteUserCommand(Guid.NewGuid()), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.NotFound);
        await refreshTokens.DidNotReceiveWithAnyArgs().RevokeAllOfUserAsync(default, default, default);
    }

    [Fact]
    public async Task Handle_WhenUserDeletesThemself_StoresTheDeletedUserAgainstTheLoadedVersion()
    {
        var result = await HandlerFor(CurrentUsers.For(user.Id)).Handle(new DeleteUserCommand(user.Id), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        await users.Received(1).UpdateAsync(Arg.Is<User>(u => u.Id == user.Id && u.IsDeleted), 2, Arg.Any<CancellationToken>());
        user.DeletedAt.ShouldBe(clock.TruncatedNow);
        user.SecurityStamp.ShouldNotBe("stamp-before");
    }

    [Fact]
    public async Task Handle_WhenAdminDeletesAnotherUser_Succeeds()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(new DeleteUserCommand(user.Id), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        user.IsDeleted.ShouldBeTrue();
    }

    [Fact]
    public async Task Handle_WhenDeleted_RevokesEveryRefreshTokenOfTheUser()
    {
        using var cancellation = new CancellationTokenSource();

        await HandlerFor(CurrentUsers.For(user.Id)).Handle(new DeleteUserCommand(user.Id), cancellation.Token);

        await refreshTokens.Received(1).RevokeAllOfUserAsync(user.Id, clock.TruncatedNow, cancellation.Token);
    }

    [Fact]
    public async Task Handle_WhenDeleted_AuditsUserDeletedWithTheStateBefore()
    {
        var before = UserDto.From(user);

        await HandlerFor(CurrentUsers.Admin()).Handle(new DeleteUserCommand(user.Id), CancellationToken.None);

        await auditLog.Received(1).RecordAsync(
            new AuditEntry("user.deleted", "user", user.Id.ToString(), Before: before, SubjectUserId: user.Id),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenDeleted_InvalidatesTheCachedSessionOnlyAfterCommit()
    {
        await HandlerFor(CurrentUsers.For(user.Id)).Handle(new DeleteUserCommand(user.Id), CancellationToken.None);

        sessions.ReceivedCalls().ShouldBeEmpty();
        committedActions.ShouldHaveSingleItem()();
        sessions.Received(1).Invalidate(user.Id);
    }

    [Fact]
    public async Task Handle_WhenStoringFails_ReturnsTheFailureWithoutRevokingOrAuditing()
    {
        users.UpdateAsync(Arg.Any<User>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Result.Failure(UserErrors.VersionMismatch));

        var result = await HandlerFor(CurrentUsers.For(user.Id)).Handle(new DeleteUserCommand(user.Id), CancellationToken.None);

        result.Error.ShouldBeSameAs(UserErrors.VersionMismatch);
        await refreshTokens.DidNotReceiveWithAnyArgs().RevokeAllOfUserAsync(default, default, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
        committedActions.ShouldBeEmpty();
    }

    private DeleteUserCommandHandler HandlerFor(ICurrentUser currentUser) =>
        new(users, refreshTokens, currentUser, sessions, unitOfWork, auditLog, clock);
}

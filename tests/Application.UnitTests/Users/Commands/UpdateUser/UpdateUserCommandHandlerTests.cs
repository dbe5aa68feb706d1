using PortfolioTracker.Application.Common.Concurrency;
using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Application.Users.Commands.UpdateUser;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Users.Commands.UpdateUser;

public class UpdateUserCommandHandlerTests
{
    private readonly IUserRepository users = Substitute.For<IUserRepository>();
    private readonly IUserSessions sessions = Substitute.For<IUserSessions>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly User user = new UserBuilder()
        .WithUsername("alice")
        .WithEmail("alice@example.com")
        .WithSecurityStamp("stamp-before")
        .WithVersion(4)
        .Build();

    private readonly List<Action> committedActions = [];

    public UpdateUserCommandHandlerTests()
    {
        users.FindByIdForUpdateAsync(user.Id, Arg.Any<CancellationToken>()).Returns(user);
        users.UpdateAsync(Arg.Any<User>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Result.Success());
        unitOfWork.OnCommitted(Arg.Do<Action>(committedActions.Add));
    }

    [Fact]
    public async Task Handle_WhenUserDoesNotExist_ReturnsNotFound()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(Rename(Guid.NewGuid()), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.NotFound);
        await users.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
    }

    [Fact]
    public async Task Handle_WhenNonAdminTargetsSomeoneElse_ReturnsNotFoundAndChangesNothing()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(Rename(user.Id), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.NotFound);
        result.Error.Kind.ShouldBe(ErrorKind.NotFound);
        user.Username.Value.ShouldBe("alice");
        user.Version.ShouldBe(4);
        await users.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenExpectedVersionIsStale_ReturnsVersionMismatchAndChangesNothing()
    {
        var result = await HandlerFor(Self()).Handle(Rename(user.Id) with { IfMatch = IfMatch.Of(3) }, CancellationToken.None);

        result.Error.ShouldBe(UserErrors.VersionMismatch);
        result.Error.Kind.ShouldBe(ErrorKind.PreconditionFailed);
        user.Username.Value.ShouldBe("alice");
        await users.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(null)]
    public async Task Handle_WhenExpectedVersionMatchesOrIsAbsent_Proceeds(int? expectedVersion)
    {
        var result = await HandlerFor(Self()).Handle(Rename(user.Id) with { IfMatch = expectedVersion is { } v ? IfMatch.Of(v) : null }, CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        result.Value.Username.ShouldBe("alice_renamed");
    }

    [Fact]
    public async Task Handle_WhenNonAdminAsksForAnotherRole_ReturnsForbiddenAndStoresNothing()
    {
        var result = await HandlerFor(Self()).Handle(Rename(user.Id) with { Role = UserRoleNames.Admin }, CancellationToken.None);

        result.Error.ShouldBe(UserErrors.RoleChangeForbidden);
        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
        user.Role.ShouldBe(UserRole.User);
        await users.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
        committedActions.ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenUserRenamesThemself_StoresTheChangeAgainstTheLoadedVersion()
    {
        var result = await HandlerFor(Self()).Handle(Rename(user.Id), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        await users.Received(1).UpdateAsync(user, 4, Arg.Any<CancellationToken>());
        user.Username.Value.ShouldBe("alice_renamed");
        user.Email.Value.ShouldBe("alice.renamed@example.com");
        user.Version.ShouldBe(5);
        user.UpdatedAt.ShouldBe(clock.TruncatedNow);
        user.SecurityStamp.ShouldBe("stamp-before");
    }

    [Fact]
    public async Task Handle_WhenUserRenamesThemself_ReturnsTheNewState()
    {
        var result = await HandlerFor(Self()).Handle(Rename(user.Id), CancellationToken.None);

        result.Value.Username.ShouldBe("alice_renamed");
        result.Value.Email.ShouldBe("alice.renamed@example.com");
        result.Value.Role.ShouldBe("user");
        result.Value.Version.ShouldBe(5);
        result.Value.UpdatedAt.ShouldBe(clock.TruncatedNow);
    }

    [Fact]
    public async Task Handle_WhenUserIsChanged_AuditsUserUpdatedWithBeforeAndAfter()
    {
        var before = UserDto.From(user);
        using var cancellation = new CancellationTokenSource();

        var result = await HandlerFor(Self()).Handle(Rename(user.Id), cancellation.Token);

        await auditLog.Received(1).RecordAsync(
            new AuditEntry("user.updated", "user", user.Id.ToString(), Before: before, After: result.Value, SubjectUserId: user.Id),
            cancellation.Token);
    }

    [Fact]
    public async Task Handle_WhenUserIsChanged_InvalidatesTheCachedSessionOnlyAfterCommit()
    {
        await HandlerFor(Self()).Handle(Rename(user.Id), CancellationToken.None);

        sessions.ReceivedCalls().ShouldBeEmpty();
        var invalidate = committedActions.ShouldHaveSingleItem();
        invalidate();
        sessions.Received(1).Invalidate(user.Id);
    }

    [Fact]
    public async Task Handle_WhenAdminChangesAnotherUsersRole_ChangesRoleAndRenewsTheStamp()
    {
        var result = await HandlerFor(CurrentUsers.Admin())
            .Handle(new UpdateUserCommand(user.Id, "alice", "alice@example.com", UserRoleNames.Admin, IfMatch: IfMatch.Of(4)), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        result.Value.Role.ShouldBe("admin");
        user.Role.ShouldBe(UserRole.Admin);
        user.SecurityStamp.ShouldNotBe("stamp-before");
        await users.Received(1).UpdateAsync(user, 4, Arg.Any<CancellationToken>());
        committedActions.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Handle_WhenNothingChanges_ReturnsTheCurrentStateWithoutStoringAuditingOrInvalidating()
    {
        var before = UserDto.From(user);

        var result = await HandlerFor(Self())
            .Handle(new UpdateUserCommand(user.Id, "alice", "alice@example.com", UserRoleNames.User, IfMatch: null), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        result.Value.ShouldBe(before);
        user.Version.ShouldBe(4);
        await users.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
        committedActions.ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenStoringReportsAConflict_ReturnsItWithoutAuditingOrInvalidating()
    {
        users.UpdateAsync(Arg.Any<User>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Result.Failure(UserErrors.UsernameTaken));

        var result = await HandlerFor(Self()).Handle(Rename(user.Id), CancellationToken.None);

        result.Error.ShouldBeSameAs(UserErrors.UsernameTaken);
        auditLog.ReceivedCalls().ShouldBeEmpty();
        committedActions.ShouldBeEmpty();
    }

    private static UpdateUserCommand Rename(Guid userId) =>
        new(userId, "alice_renamed", "alice.renamed@example.com", Role: null, IfMatch: null);

    private ICurrentUser Self() => CurrentUsers.For(user.Id);

    private UpdateUserCommandHandler HandlerFor(ICurrentUser currentUser) =>
        new(users, currentUser, sessions, unitOfWork, auditLog, clock);
}

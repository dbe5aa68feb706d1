using NSubstitute;
using PortfolioTracker.Application.Auth.Commands.Register;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Auth.Commands.Register;

public class RegisterUserCommandHandlerTests
{
    private static readonly RegisterUserCommand Command = new("Alice_01", "Alice@Example.com", "Password1");

    private readonly IUserRepository users = Substitute.For<IUserRepository>();
    private readonly IPasswordHasher hasher = Substitute.For<IPasswordHasher>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly RegisterUserCommandHandler handler;
    private User? added;

    public RegisterUserCommandHandlerTests()
    {
        hasher.Hash("Password1").Returns("argon2-hash");
        users.AddAsync(Arg.Do<User>(user => added = user), Arg.Any<CancellationToken>()).Returns(Result.Success());
        handler = new RegisterUserCommandHandler(users, hasher, auditLog, clock);
    }

    [Fact]
    public async Task Handle_WhenUserIsNew_AddsAUserWithTheHashedPasswordAndRoleUser()
    {
        await handler.Handle(Command, CancellationToken.None);

        added.ShouldNotBeNull();
        added.PasswordHash.ShouldBe("argon2-hash");
        added.Role.ShouldBe(UserRole.User);
        added.Username.Value.ShouldBe("Alice_01");
        added.Email.Value.ShouldBe("Alice@Example.com");
        added.Version.ShouldBe(1);
        added.IsDeleted.ShouldBeFalse();
        hasher.Received(1).Hash("Password1");
    }

    [Fact]
    public async Task Handle_WhenUserIsNew_StampsItWithTheClockTruncatedToMicroseconds()
    {
        await handler.Handle(Command, CancellationToken.None);

        added.ShouldNotBeNull();
        added.CreatedAt.ShouldBe(clock.TruncatedNow);
        added.UpdatedAt.ShouldBe(clock.TruncatedNow);
        added.Id.Version.ShouldBe(7);
    }

    [Fact]
    public async Task Handle_WhenUserIsNew_ReturnsTheDtoOfTheAddedUser()
    {
        var result = await handler.Handle(Command, CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        added.ShouldNotBeNull();
        result.Value.ShouldBe(UserDto.From(added));
        result.Value.Role.ShouldBe("user");
        result.Value.Version.ShouldBe(1);
    }

    [Fact]
    public async Task Handle_WhenUserIsNew_AuditsUserRegisteredWithTheNewState()
    {
        using var cancellation = new CancellationTokenSource();

        var result = await handler.Handle(Command, cancellation.Token);

        added.ShouldNotBeNull();
        await auditLog.Received(1).RecordAsync(
            new AuditEntry("user.registered", "user", added.Id.ToString(), After: result.Value, SubjectUserId: added.Id),
            cancellation.Token);
    }

    [Fact]
    public async Task Handle_WhenAddReportsAConflict_ReturnsItUnchangedAndAuditsNothing()
    {
        users.AddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(Result.Failure(UserErrors.EmailTaken));

        var result = await handler.Handle(Command, CancellationToken.None);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBeSameAs(UserErrors.EmailTaken);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }
}

using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.UnitTests.TestData;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Domain.UnitTests.Users;

public class UserTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 30, 0, TimeSpan.Zero);
    private static readonly Username NewName = Username.Create("alice_renamed").Value;
    private static readonly EmailAddress NewEmail = EmailAddress.Create("alice.new@example.com").Value;

    [Fact]
    public void Register_WhenCalled_StartsAtVersionOneWithBothTimestampsNow()
    {
        var id = Guid.NewGuid();

        var user = User.Register(id, Username.Create("alice").Value, EmailAddress.Create("alice@example.com").Value, "hash", UserRole.User, Now);

        user.Id.ShouldBe(id);
        user.Username.Value.ShouldBe("alice");
        user.Email.Value.ShouldBe("alice@example.com");
        user.PasswordHash.ShouldBe("hash");
        user.Role.ShouldBe(UserRole.User);
        user.Version.ShouldBe(1);
        user.CreatedAt.ShouldBe(Now);
        user.UpdatedAt.ShouldBe(Now);
        user.DeletedAt.ShouldBeNull();
        user.IsDeleted.ShouldBeFalse();
        user.IsAdmin.ShouldBeFalse();
        user.SecurityStamp.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Register_WhenCalledTwice_GivesEachUserItsOwnSecurityStamp()
    {
        var first = Register(UserRole.User);
        var second = Register(UserRole.User);

        first.SecurityStamp.ShouldNotBe(second.SecurityStamp);
    }

    [Fact]
    public void Register_WhenRoleIsAdmin_UserIsAdmin() => Register(UserRole.Admin).IsAdmin.ShouldBeTrue();

    [Fact]
    public void Register_WhenPasswordHashIsEmpty_ThrowsArgumentException() =>
        Should.Throw<ArgumentException>(() => User.Register(Guid.NewGuid(), Username.Create("alice").Value, EmailAddress.Create("a@b.com").Value, string.Empty, UserRole.User, Now));

    [Fact]
    public void Register_WhenPasswordHashIsNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => User.Register(Guid.NewGuid(), Username.Create("alice").Value, EmailAddress.Create("a@b.com").Value, null!, UserRole.User, Now));

    [Fact]
    public void Rehydrate_WhenCalled_KeepsEveryStoredValue()
    {
        var id = Guid.NewGuid();
        var createdAt = Now.AddDays(-10);
        var updatedAt = Now.AddDays(-1);

        var user = User.Rehydrate(id, Username.Create("bob").Value, EmailAddress.Create("bob@example.com").Value, "h", UserRole.Admin, "stamp", createdAt, updatedAt, Now, 9);

        user.Id.ShouldBe(id);
        user.Username.Value.ShouldBe("bob");
        user.Email.Value.ShouldBe("bob@example.com");
        user.PasswordHash.ShouldBe("h");
        user.Role.ShouldBe(UserRole.Admin);
        user.SecurityStamp.ShouldBe("stamp");
        user.CreatedAt.ShouldBe(createdAt);
        user.UpdatedAt.ShouldBe(updatedAt);
        user.DeletedAt.ShouldBe(Now);
        user.IsDeleted.ShouldBeTrue();
        user.Version.ShouldBe(9);
    }

    [Fact]
    public void Update_WhenSelfChangesNameAndEmail_AppliesThemAndBumpsVersionAndUpdatedAt()
    {
        var user = new UserBuilder().WithVersion(4).Build();

        var result = user.Update(NewName, NewEmail, role: null, SelfOf(user), Now);

        result.IsSuccess.ShouldBeTrue();
        user.Username.ShouldBe(NewName);
        user.Email.ShouldBe(NewEmail);
        user.Version.ShouldBe(5);
        user.UpdatedAt.ShouldBe(Now);
        user.CreatedAt.ShouldBe(UserBuilder.DefaultCreatedAt);
    }

    [Fact]
    public void Update_WhenSelfChangesNameAndEmail_KeepsSecurityStampAndRole()
    {
        var user = new UserBuilder().WithSecurityStamp("stamp-before").Build();

        user.Update(NewName, NewEmail, role: null, SelfOf(user), Now);

        user.SecurityStamp.ShouldBe("stamp-before");
        user.Role.ShouldBe(UserRole.User);
    }

    [Fact]
    public void Update_WhenOnlyEmailChanges_CountsAsAChange()
    {
        var user = new UserBuilder().WithVersion(2).Build();

        user.Update(user.Username, NewEmail, role: null, SelfOf(user), Now);

        user.Email.ShouldBe(NewEmail);
        user.Version.ShouldBe(3);
    }

    [Fact]
    public void Update_WhenOnlyTheCaseOfTheUsernameChanges_CountsAsAChange()
    {
        var user = new UserBuilder().WithUsername("alice").Build();

        user.Update(Username.Create("Alice").Value, user.Email, role: null, SelfOf(user), Now);

        user.Username.Value.ShouldBe("Alice");
        user.Version.ShouldBe(2);
    }

    [Fact]
    public void Update_WhenNonAdminRequestsAnotherRole_ReturnsRoleChangeForbiddenAndChangesNothing()
    {
        var user = new UserBuilder().WithSecurityStamp("stamp-before").WithVersion(3).Build();
        var updatedAt = user.UpdatedAt;
        var username = user.Username;
        var email = user.Email;

        var result = user.Update(NewName, NewEmail, UserRole.Admin, SelfOf(user), Now);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBe(UserErrors.RoleChangeForbidden);
        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
        user.Role.ShouldBe(UserRole.User);
        user.Username.ShouldBe(username);
        user.Email.ShouldBe(email);
        user.SecurityStamp.ShouldBe("stamp-before");
        user.Version.ShouldBe(3);
        user.UpdatedAt.ShouldBe(updatedAt);
    }

    [Fact]
    public void Update_WhenActorIsNotAdminButStoredUserIs_RoleChangeIsStillForbidden()
    {
        // A stored admin whose token no longer says admin (actor is not admin) must not be able to change roles.
        var user = new UserBuilder().AsAdmin().Build();

        var result = user.Update(user.Username, user.Email, UserRole.User, new Actor(user.Id, IsAdmin: false), Now);

        result.Error.ShouldBe(UserErrors.RoleChangeForbidden);
        user.Role.ShouldBe(UserRole.Admin);
    }

    [Fact]
    public void Update_WhenNonAdminRequestsTheRoleTheyAlreadyHave_SucceedsWithoutRenewingStamp()
    {
        var user = new UserBuilder().WithSecurityStamp("stamp-before").Build();

        var result = user.Update(NewName, NewEmail, UserRole.User, SelfOf(user), Now);

        result.IsSuccess.ShouldBeTrue();
        user.Username.ShouldBe(NewName);
        user.Role.ShouldBe(UserRole.User);
        user.SecurityStamp.ShouldBe("stamp-before");
        user.Version.ShouldBe(2);
    }

    [Theory]
    [InlineData(UserRole.User, UserRole.Admin)]
    [InlineData(UserRole.Admin, UserRole.User)]
    public void Update_WhenAdminChangesRole_ChangesRoleRenewsStampAndBumpsVersion(UserRole from, UserRole to)
    {
        var user = new UserBuilder().WithRole(from).WithSecurityStamp("stamp-before").WithVersion(6).Build();

        var result = user.Update(user.Username, user.Email, to, AnAdmin(), Now);

        result.IsSuccess.ShouldBeTrue();
        user.Role.ShouldBe(to);
        user.SecurityStamp.ShouldNotBe("stamp-before");
        user.SecurityStamp.ShouldNotBeNullOrWhiteSpace();
        user.Version.ShouldBe(7);
        user.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Update_WhenAdminChangesAnotherUsersNameWithoutRole_KeepsRoleAndStamp()
    {
        var user = new UserBuilder().WithSecurityStamp("stamp-before").Build();

        var result = user.Update(NewName, NewEmail, role: null, AnAdmin(), Now);

        result.IsSuccess.ShouldBeTrue();
        user.Username.ShouldBe(NewName);
        user.Role.ShouldBe(UserRole.User);
        user.SecurityStamp.ShouldBe("stamp-before");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(UserRole.User)]
    public void Update_WhenNothingChanges_KeepsVersionAndUpdatedAt(UserRole? role)
    {
        var updatedAt = Now.AddDays(-3);
        var user = new UserBuilder().WithVersion(5).WithUpdatedAt(updatedAt).WithSecurityStamp("stamp-before").Build();

        var result = user.Update(Username.Create(user.Username.Value).Value, EmailAddress.Create(user.Email.Value).Value, role, SelfOf(user), Now);

        result.IsSuccess.ShouldBeTrue();
        user.Version.ShouldBe(5);
        user.UpdatedAt.ShouldBe(updatedAt);
        user.SecurityStamp.ShouldBe("stamp-before");
    }

    [Fact]
    public void Update_WhenUserIsDeleted_ThrowsInvalidOperationException()
    {
        var user = new UserBuilder().DeletedAt(Now.AddDays(-1)).Build();

        Should.Throw<InvalidOperationException>(() => user.Update(NewName, NewEmail, null, AnAdmin(), Now));
    }

    [Fact]
    public void Update_WhenActorIsNull_ThrowsArgumentNullException()
    {
        var user = new UserBuilder().Build();

        Should.Throw<ArgumentNullException>(() => user.Update(NewName, NewEmail, null, null!, Now));
    }

    [Fact]
    public void ChangePassword_WhenCalled_StoresHashRenewsStampAndBumpsVersion()
    {
        var user = new UserBuilder().WithPasswordHash("old").WithSecurityStamp("stamp-before").WithVersion(2).Build();

        user.ChangePassword("new", Now);

        user.PasswordHash.ShouldBe("new");
        user.SecurityStamp.ShouldNotBe("stamp-before");
        user.Version.ShouldBe(3);
        user.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void ChangePassword_WhenHashIsEmpty_ThrowsAndChangesNothing()
    {
        var user = new UserBuilder().WithPasswordHash("old").WithSecurityStamp("stamp-before").Build();

        Should.Throw<ArgumentException>(() => user.ChangePassword(string.Empty, Now));

        user.PasswordHash.ShouldBe("old");
        user.SecurityStamp.ShouldBe("stamp-before");
        user.Version.ShouldBe(1);
    }

    [Fact]
    public void UpgradePasswordHash_WhenCalled_ReplacesHashButKeepsStampVersionAndUpdatedAt()
    {
        var user = new UserBuilder().WithPasswordHash("old-format").WithSecurityStamp("stamp-before").WithVersion(4).Build();
        var updatedAt = user.UpdatedAt;

        user.UpgradePasswordHash("new-format");

        user.PasswordHash.ShouldBe("new-format");
        user.SecurityStamp.ShouldBe("stamp-before");
        user.Version.ShouldBe(4);
        user.UpdatedAt.ShouldBe(updatedAt);
    }

    [Fact]
    public void UpgradePasswordHash_WhenHashIsEmpty_ThrowsArgumentException()
    {
        var user = new UserBuilder().Build();

        Should.Throw<ArgumentException>(() => user.UpgradePasswordHash(string.Empty));
    }

    [Fact]
    public void PromoteToAdmin_WhenUser_BecomesAdminRenewsStampAndBumpsVersion()
    {
        var user = new UserBuilder().WithSecurityStamp("stamp-before").Build();

        user.PromoteToAdmin(Now);

        user.Role.ShouldBe(UserRole.Admin);
        user.IsAdmin.ShouldBeTrue();
        user.SecurityStamp.ShouldNotBe("stamp-before");
        user.Version.ShouldBe(2);
        user.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void PromoteToAdmin_WhenAlreadyAdmin_ChangesNothing()
    {
        var user = new UserBuilder().AsAdmin().WithSecurityStamp("stamp-before").WithVersion(3).Build();
        var updatedAt = user.UpdatedAt;

        user.PromoteToAdmin(Now);
        user.PromoteToAdmin(Now.AddMinutes(1));

        user.Role.ShouldBe(UserRole.Admin);
        user.SecurityStamp.ShouldBe("stamp-before");
        user.Version.ShouldBe(3);
        user.UpdatedAt.ShouldBe(updatedAt);
    }

    [Fact]
    public void PromoteToAdmin_WhenCalledTwiceOnAUser_OnlyTheFirstCallChangesAnything()
    {
        var user = new UserBuilder().Build();

        user.PromoteToAdmin(Now);
        var stampAfterFirst = user.SecurityStamp;
        user.PromoteToAdmin(Now.AddMinutes(1));

        user.SecurityStamp.ShouldBe(stampAfterFirst);
        user.Version.ShouldBe(2);
        user.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Delete_WhenCalled_SetsDeletedAtRenewsStampAndBumpsVersion()
    {
        var user = new UserBuilder().WithSecurityStamp("stamp-before").WithVersion(2).Build();

        user.Delete(Now);

        user.DeletedAt.ShouldBe(Now);
        user.IsDeleted.ShouldBeTrue();
        user.SecurityStamp.ShouldNotBe("stamp-before");
        user.Version.ShouldBe(3);
        user.UpdatedAt.ShouldBe(Now);
    }

    public static TheoryData<string, Action<User>> ChangesAfterDeletion => new()
    {
        { "Update", user => user.Update(NewName, NewEmail, null, new Actor(user.Id, IsAdmin: true), Now) },
        { "ChangePassword", user => user.ChangePassword("new-hash", Now) },
        { "PromoteToAdmin", user => user.PromoteToAdmin(Now) },
        { "Delete", user => user.Delete(Now) },
    };

    [Theory]
    [MemberData(nameof(ChangesAfterDeletion))]
    public void AnyChange_WhenUserWasDeleted_ThrowsInvalidOperationExceptionAndKeepsDeletion(string change, Action<User> act)
    {
        var user = new UserBuilder().Build();
        var deletedAt = Now.AddMinutes(-5);
        user.Delete(deletedAt);
        var version = user.Version;

        Should.Throw<InvalidOperationException>(() => act(user), customMessage: change);

        user.DeletedAt.ShouldBe(deletedAt);
        user.Version.ShouldBe(version);
    }

    [Fact]
    public void IsVisibleTo_WhenActorIsTheUser_ReturnsTrue()
    {
        var user = new UserBuilder().Build();

        user.IsVisibleTo(SelfOf(user)).ShouldBeTrue();
    }

    [Fact]
    public void IsVisibleTo_WhenActorIsAnAdmin_ReturnsTrue() =>
        new UserBuilder().Build().IsVisibleTo(AnAdmin()).ShouldBeTrue();

    [Fact]
    public void IsVisibleTo_WhenActorIsAnotherNonAdmin_ReturnsFalse() =>
        new UserBuilder().Build().IsVisibleTo(new Actor(Guid.NewGuid(), IsAdmin: false)).ShouldBeFalse();

    [Fact]
    public void IsVisibleTo_WhenUserIsDeleted_ReturnsFalseEvenForThemselvesAndAdmins()
    {
        var user = new UserBuilder().DeletedAt(Now).Build();

        user.IsVisibleTo(SelfOf(user)).ShouldBeFalse();
        user.IsVisibleTo(AnAdmin()).ShouldBeFalse();
    }

    [Fact]
    public void IsVisibleTo_WhenActorIsNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => new UserBuilder().Build().IsVisibleTo(null!));

    private static User Register(UserRole role) =>
        User.Register(Guid.NewGuid(), Username.Create("alice").Value, EmailAddress.Create("alice@example.com").Value, "hash", role, Now);

    private static Actor SelfOf(User user) => new(user.Id, user.IsAdmin);

    private static Actor AnAdmin() => new(Guid.NewGuid(), IsAdmin: true);
}

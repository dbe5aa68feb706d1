using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Users;

public class UserRoleNamesTests
{
    [Theory]
    [InlineData(UserRole.User, "user")]
    [InlineData(UserRole.Admin, "admin")]
    public void ToName_WhenGivenAKnownRole_ReturnsItsWireName(UserRole role, string expected) =>
        UserRoleNames.ToName(role).ShouldBe(expected);

    [Fact]
    public void ToName_WhenGivenAnUndefinedRole_ThrowsArgumentOutOfRangeException() =>
        Should.Throw<ArgumentOutOfRangeException>(() => UserRoleNames.ToName((UserRole)42));

    [Theory]
    [InlineData(UserRole.User)]
    [InlineData(UserRole.Admin)]
    public void TryParse_WhenGivenAWireName_RoundTripsTheRole(UserRole role)
    {
        UserRoleNames.TryParse(UserRoleNames.ToName(role), out var parsed).ShouldBeTrue();

        parsed.ShouldBe(role);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Admin")]
    [InlineData("USER")]
    [InlineData("superuser")]
    public void TryParse_WhenNotExactlyAWireName_ReturnsFalse(string? name) =>
        UserRoleNames.TryParse(name, out _).ShouldBeFalse();
}

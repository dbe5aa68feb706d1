using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.UnitTests.Common;

public class ActorTests
{
    private static readonly Guid Me = Guid.NewGuid();
    private static readonly Guid SomeoneElse = Guid.NewGuid();

    [Fact]
    public void CanAccess_WhenOwnerIsTheActor_ReturnsTrue() =>
        new Actor(Me, IsAdmin: false).CanAccess(Me).ShouldBeTrue();

    [Fact]
    public void CanAccess_WhenNonAdminAndOwnerIsSomeoneElse_ReturnsFalse() =>
        new Actor(Me, IsAdmin: false).CanAccess(SomeoneElse).ShouldBeFalse();

    [Fact]
    public void CanAccess_WhenAdminAndOwnerIsSomeoneElse_ReturnsTrue() =>
        new Actor(Me, IsAdmin: true).CanAccess(SomeoneElse).ShouldBeTrue();

    [Fact]
    public void CanAccess_WhenAdminAndOwnerIsTheActor_ReturnsTrue() =>
        new Actor(Me, IsAdmin: true).CanAccess(Me).ShouldBeTrue();
}

using NSubstitute;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>Substitutes of <see cref="ICurrentUser"/> for an authenticated caller.</summary>
internal static class CurrentUsers
{
    public static ICurrentUser For(Guid userId, bool isAdmin = false)
    {
        var currentUser = Substitute.For<ICurrentUser>();
        currentUser.UserId.Returns(userId);
        currentUser.IsAdmin.Returns(isAdmin);
        currentUser.Actor.Returns(new Actor(userId, isAdmin));
        return currentUser;
    }

    public static ICurrentUser Admin() => For(Guid.NewGuid(), isAdmin: true);
}

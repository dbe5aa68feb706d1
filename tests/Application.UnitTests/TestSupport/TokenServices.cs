using NSubstitute;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>A substitute token service with predictable output: access tokens name their user, hashes prefix "hash:".</summary>
internal static class TokenServices
{
    public const int AccessTokenSeconds = 900;

    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(14);

    public static ITokenService Create(RefreshSecret nextSecret)
    {
        var tokens = Substitute.For<ITokenService>();
        tokens.RefreshTokenLifetime.Returns(RefreshLifetime);
        tokens.NewRefreshSecret().Returns(nextSecret);
        tokens.HashRefreshToken(Arg.Any<string>()).Returns(call => HashOf(call.Arg<string>()));
        tokens.IssueAccessToken(Arg.Any<User>()).Returns(call => new AccessToken(
            AccessTokenFor(call.Arg<User>()),
            DateTimeOffset.UnixEpoch.AddSeconds(AccessTokenSeconds),
            AccessTokenSeconds));
        return tokens;
    }

    public static string HashOf(string token) => "hash:" + token;

    public static string AccessTokenFor(User user) => $"access-for-{user.Id:N}";
}

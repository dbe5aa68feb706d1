using NSubstitute;
using PortfolioTracker.Application.Auth.Commands.Logout;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Auth.Commands.Logout;

public class LogoutCommandHandlerTests
{
    private const string Presented = "my-refresh-token";

    private readonly IRefreshTokenRepository refreshTokens = Substitute.For<IRefreshTokenRepository>();
    private readonly ITokenService tokens = TokenServices.Create(new RefreshSecret("unused", "unused"));
    private readonly FakeTimeProvider clock = new();
    private readonly Guid me = Guid.NewGuid();
    private readonly LogoutCommandHandler handler;

    public LogoutCommandHandlerTests() =>
        handler = new LogoutCommandHandler(refreshTokens, tokens, CurrentUsers.For(me), clock);

    [Fact]
    public async Task Handle_WhenTokenIsTheCallersOwn_RevokesItsWholeFamily()
    {
        var familyId = Guid.NewGuid();
        Stored(new RefreshTokenBuilder().WithUserId(me).WithFamilyId(familyId).Build());
        using var cancellation = new CancellationTokenSource();

        var result = await handler.Handle(new LogoutCommand(Presented), cancellation.Token);

        result.IsSuccess.ShouldBeTrue();
        await refreshTokens.Received(1).RevokeFamilyAsync(familyId, clock.TruncatedNow, cancellation.Token);
    }

    [Fact]
    public async Task Handle_WhenTokenBelongsToAnotherUser_SucceedsWithoutRevokingAnything()
    {
        Stored(new RefreshTokenBuilder().WithUserId(Guid.NewGuid()).Build());

        var result = await handler.Handle(new LogoutCommand(Presented), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        await refreshTokens.DidNotReceiveWithAnyArgs().RevokeFamilyAsync(default, default, default);
    }

    [Fact]
    public async Task Handle_WhenTokenIsUnknown_SucceedsWithoutRevokingAnything()
    {
        var result = await handler.Handle(new LogoutCommand(Presented), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        await refreshTokens.Received(1).FindByHashForUpdateAsync(TokenServices.HashOf(Presented), Arg.Any<CancellationToken>());
        await refreshTokens.DidNotReceiveWithAnyArgs().RevokeFamilyAsync(default, default, default);
    }

    private void Stored(RefreshToken token) =>
        refreshTokens.FindByHashForUpdateAsync(TokenServices.HashOf(Presented), Arg.Any<CancellationToken>()).Returns(token);
}

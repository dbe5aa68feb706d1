using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Auth.Commands.Logout;

/// <summary>
/// Ends the session the refresh token belongs to. Logging out is idempotent: an unknown, spent or foreign token
/// changes nothing and still succeeds, so the answer reveals nothing about other users' tokens.
/// </summary>
internal sealed class LogoutCommandHandler(
    IRefreshTokenRepository refreshTokens,
    ITokenService tokens,
    ICurrentUser currentUser,
    TimeProvider clock) : IRequestHandler<LogoutCommand, Result>
{
    public async Task<Result> Handle(LogoutCommand request, CancellationToken cancellationToken)
    {
        var token = await refreshTokens.FindByHashForUpdateAsync(tokens.HashRefreshToken(request.RefreshToken), cancellationToken);
        if (token is not null && token.UserId == currentUser.Actor.UserId)
        {
            await refreshTokens.RevokeFamilyAsync(token.FamilyId, clock.UtcNow(), cancellationToken);
        }

        return Result.Success();
    }
}

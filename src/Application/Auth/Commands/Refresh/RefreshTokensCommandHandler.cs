using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Auth.Commands.Refresh;

/// <summary>
/// Exchanges a refresh token for a new pair. A token presented a second time revokes its whole family: whoever holds
/// the newer token (the legitimate client or a thief) must log in again.
/// </summary>
internal sealed class RefreshTokensCommandHandler(
    IRefreshTokenRepository refreshTokens,
    IUserRepository users,
    ITokenService tokens,
    TokenPairIssuer issuer,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : IRequestHandler<RefreshTokensCommand, Result<TokenPairDto>>
{
    public async Task<Result<TokenPairDto>> Handle(RefreshTokensCommand request, CancellationToken cancellationToken)
    {
        var current = await refreshTokens.FindByHashForUpdateAsync(tokens.HashRefreshToken(request.RefreshToken), cancellationToken);
        if (current is null)
        {
            return UserErrors.InvalidRefreshToken;
        }

        var now = clock.UtcNow();
        var secret = tokens.NewRefreshSecret();
        var successor = current.Rotate(Guid.CreateVersion7(now), secret.Hash, now, tokens.RefreshTokenLifetime);
        if (successor.IsFailure)
        {
            if (successor.Error == UserErrors.RefreshTokenReused)
            {
                unitOfWork.OnRolledBack(ct => refreshTokens.RevokeFamilyAsync(current.FamilyId, now, ct));
            }

            return successor.Error;
        }

        var user = await users.FindByIdForUpdateAsync(current.UserId, cancellationToken);
        if (user is null)
        {
            return UserErrors.InvalidRefreshToken;
        }

        await refreshTokens.UpdateAsync(current, cancellationToken);
        await refreshTokens.AddAsync(successor.Value, cancellationToken);
        return issuer.Pair(user, secret);
    }
}

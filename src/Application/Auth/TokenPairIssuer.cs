using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Auth;

/// <summary>Hands out an access token together with the refresh token that continues the session.</summary>
internal sealed class TokenPairIssuer(ITokenService tokens, IRefreshTokenRepository refreshTokens)
{
    /// <summary>Starts a new session (login).</summary>
    public async Task<TokenPairDto> StartSessionAsync(User user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var secret = tokens.NewRefreshSecret();
        var refresh = RefreshToken.Issue(Guid.CreateVersion7(now), user.Id, secret.Hash, now, tokens.RefreshTokenLifetime);
        await refreshTokens.AddAsync(refresh, cancellationToken);
        return Pair(user, secret);
    }

    /// <summary>Answers with an already stored successor refresh token (rotation).</summary>
    public TokenPairDto Pair(User user, RefreshSecret secret)
    {
        var access = tokens.IssueAccessToken(user);
        return new TokenPairDto(access.Token, secret.Token, "Bearer", access.ExpiresInSeconds, UserDto.From(user));
    }
}

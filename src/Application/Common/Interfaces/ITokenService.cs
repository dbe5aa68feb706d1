using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Common.Interfaces;

/// <summary>A signed access token and how long it stays valid.</summary>
public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt, int ExpiresInSeconds);

/// <summary>A fresh refresh-token secret (given once to the client) and the hash that is stored.</summary>
public sealed record RefreshSecret(string Token, string Hash);

/// <summary>Issues access tokens and refresh-token secrets.</summary>
public interface ITokenService
{
    TimeSpan RefreshTokenLifetime { get; }

    AccessToken IssueAccessToken(User user);

    RefreshSecret NewRefreshSecret();

    /// <summary>The stored form of a refresh token presented by a client.</summary>
    string HashRefreshToken(string token);
}

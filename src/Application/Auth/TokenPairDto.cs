using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Application.Auth;

/// <summary>What login and refresh answer.</summary>
public sealed record TokenPairDto(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, UserDto User);

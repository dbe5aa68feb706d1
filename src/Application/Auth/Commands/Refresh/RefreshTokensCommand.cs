using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Auth.Commands.Refresh;

public sealed record RefreshTokensCommand(string RefreshToken) : ICommand<TokenPairDto>;

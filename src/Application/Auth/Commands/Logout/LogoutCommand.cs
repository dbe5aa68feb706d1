using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Auth.Commands.Logout;

public sealed record LogoutCommand(string RefreshToken) : ICommand;

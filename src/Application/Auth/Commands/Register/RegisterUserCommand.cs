using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Application.Auth.Commands.Register;

public sealed record RegisterUserCommand(string Username, string Email, string Password) : ICommand<UserDto>;

using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Application.Auth;
using PortfolioTracker.Application.Auth.Commands.Login;
using PortfolioTracker.Application.Auth.Commands.Logout;
using PortfolioTracker.Application.Auth.Commands.Refresh;
using PortfolioTracker.Application.Auth.Commands.Register;
using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/auth")]
[Tags("auth")]
[Authorize]
public sealed class AuthController(IMediator mediator) : ApiControllerBase
{
    /// <summary>Create a user account.</summary>
    [HttpPost("register", Name = "registerUser")]
    [AllowAnonymous]
    [ProducesResponseType<UserDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    public async Task<IActionResult> Register([FromBody] RegisterRequest body, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(
            new RegisterUserCommand(body.Username ?? string.Empty, body.Email ?? string.Empty, body.Password ?? string.Empty),
            cancellationToken);
        return CreatedOrProblem(result, user => $"/api/v1/users/{user.Id}");
    }

    /// <summary>Exchange e-mail and password for an access token and a refresh token.</summary>
    [HttpPost("login", Name = "login")]
    [AllowAnonymous]
    [ProducesResponseType<TokenPairDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
    public async Task<IActionResult> Login([FromBody] LoginRequest body, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new LoginCommand(body.Email ?? string.Empty, body.Password ?? string.Empty), cancellationToken));

    /// <summary>Exchange a refresh token for a new pair; the presented token is spent.</summary>
    [HttpPost("refresh", Name = "refreshToken")]
    [AllowAnonymous]
    [ProducesResponseType<TokenPairDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
    public async Task<IActionResult> Refresh([FromBody] RefreshTokenRequest body, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new RefreshTokensCommand(body.RefreshToken ?? string.Empty), cancellationToken));

    /// <summary>End the session of a refresh token.</summary>
    [HttpPost("logout", Name = "logout")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
    public async Task<IActionResult> Logout([FromBody] RefreshTokenRequest body, CancellationToken cancellationToken) =>
        NoContentOrProblem(await mediator.Send(new LogoutCommand(body.RefreshToken ?? string.Empty), cancellationToken));
}

using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.OpenApi;
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
    /// <remarks>
    /// The new user has the role <c>user</c>; log in to get tokens. E-mail addresses and usernames are unique
    /// regardless of case.
    /// </remarks>
    [HttpPost("register", Name = "registerUser")]
    [AllowAnonymous]
    [ProducesResponseType<UserDto>(StatusCodes.Status201Created)]
    [Problem(StatusCodes.Status409Conflict, "email_taken", "username_taken")]
    public async Task<IActionResult> Register([FromBody] RegisterRequest body, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(
            new RegisterUserCommand(body.Username ?? string.Empty, body.Email ?? string.Empty, body.Password ?? string.Empty),
            cancellationToken);
        return CreatedOrProblem(result, user => $"/api/v1/users/{user.Id}");
    }

    /// <summary>Exchange e-mail and password for an access token and a refresh token.</summary>
    /// <remarks>
    /// E-mail addresses are case-insensitive. A wrong password and an unknown address get the same answer. Repeated failed
    /// logins with one address are rate limited (429) whatever the client.
    /// </remarks>
    [HttpPost("login", Name = "login")]
    [AllowAnonymous]
    [ProducesResponseType<TokenPairDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status401Unauthorized, "invalid_credentials")]
    public async Task<IActionResult> Login([FromBody] LoginRequest body, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new LoginCommand(body.Email ?? string.Empty, body.Password ?? string.Empty), cancellationToken));

    /// <summary>Exchange a refresh token for a new pair; the presented token is spent.</summary>
    /// <remarks>
    /// Refresh tokens rotate: presenting a spent one again revokes every token of its session (401
    /// <c>refresh_token_reused</c>).
    /// </remarks>
    [HttpPost("refresh", Name = "refreshToken")]
    [AllowAnonymous]
    [ProducesResponseType<TokenPairDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status401Unauthorized, "invalid_refresh_token", "refresh_token_reused")]
    public async Task<IActionResult> Refresh([FromBody] RefreshTokenRequest body, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new RefreshTokensCommand(body.RefreshToken ?? string.Empty), cancellationToken));

    /// <summary>End the session of a refresh token.</summary>
    /// <remarks>
    /// Revokes every refresh token of the presented token's session (yours only). An unknown, spent or foreign
    /// token changes nothing and still answers 204.
    /// </remarks>
    [HttpPost("logout", Name = "logout")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Logout([FromBody] RefreshTokenRequest body, CancellationToken cancellationToken) =>
        NoContentOrProblem(await mediator.Send(new LogoutCommand(body.RefreshToken ?? string.Empty), cancellationToken));
}

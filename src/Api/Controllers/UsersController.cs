using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Application.Users.Commands.DeleteUser;
using PortfolioTracker.Application.Users.Commands.UpdateUser;
using PortfolioTracker.Application.Users.Queries.GetUser;
using PortfolioTracker.Application.Users.Queries.ListUsers;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/users")]
[Tags("users")]
[Authorize]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
public sealed class UsersController(IMediator mediator, ICurrentUser currentUser) : ApiControllerBase
{
    /// <summary>The caller's own user.</summary>
    [HttpGet("me", Name = "getCurrentUser")]
    [ProducesResponseType<UserDto>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Me(CancellationToken cancellationToken) =>
        OkWithETag(await mediator.Send(new GetUserQuery(currentUser.Actor.UserId), cancellationToken), u => u.Version);

    /// <summary>All users, newest first (admin).</summary>
    [HttpGet(Name = "listUsers")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [ProducesResponseType<Page<UserDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ApiProblems.ContentType)]
    public async Task<IActionResult> List([FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new ListUsersQuery(limit ?? PageRequest.DefaultLimit, cursor), cancellationToken));

    /// <summary>One user (admin, or the user themself).</summary>
    [HttpGet("{id:guid}", Name = "getUser")]
    [ProducesResponseType<UserDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken) =>
        OkWithETag(await mediator.Send(new GetUserQuery(id), cancellationToken), u => u.Version);

    /// <summary>Replace username and e-mail, and (admin only) the role. Honours <c>If-Match</c>.</summary>
    [HttpPut("{id:guid}", Name = "updateUser")]
    [ProducesResponseType<UserDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status412PreconditionFailed, ApiProblems.ContentType)]
    public async Task<IActionResult> Update(Guid id, [FromBody] UpdateUserRequest body, CancellationToken cancellationToken)
    {
        var command = new UpdateUserCommand(id, body.Username ?? string.Empty, body.Email ?? string.Empty, body.Role, IfMatchHeader());
        return OkWithETag(await mediator.Send(command, cancellationToken), u => u.Version);
    }

    /// <summary>Delete a user (admin, or the user themself); their tokens stop working at once.</summary>
    [HttpDelete("{id:guid}", Name = "deleteUser")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        NoContentOrProblem(await mediator.Send(new DeleteUserCommand(id), cancellationToken));
}

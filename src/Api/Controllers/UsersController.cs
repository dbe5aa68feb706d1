using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.OpenApi;
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
public sealed class UsersController(IMediator mediator, ICurrentUser currentUser) : ApiControllerBase
{
    /// <summary>The caller's own user.</summary>
    /// <remarks>
    /// The user of the access token. The <c>ETag</c> is what <c>If-Match</c> of <c>PUT /users/{id}</c> expects.
    /// </remarks>
    [HttpGet("me", Name = "getCurrentUser")]
    [ProducesResponseType<UserDto>(StatusCodes.Status200OK)]
    [ETagHeader]
    public async Task<IActionResult> Me(CancellationToken cancellationToken) =>
        OkWithETag(await mediator.Send(new GetUserQuery(currentUser.Actor.UserId), cancellationToken), u => u.Version);

    /// <summary>All users, newest first (admin).</summary>
    /// <remarks>Deleted users are not listed.</remarks>
    [HttpGet(Name = "listUsers")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [ProducesResponseType<Page<UserDto>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new ListUsersQuery(limit ?? PageRequest.DefaultLimit, cursor), cancellationToken));

    /// <summary>One user (admin, or the user themself).</summary>
    /// <remarks>Another user's id answers 404 unless you are an admin.</remarks>
    [HttpGet("{id:guid}", Name = "getUser")]
    [ProducesResponseType<UserDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [ETagHeader]
    public async Task<IActionResult> Get(
        [Description("The user's id; another user's answers 404 unless you are an admin.")] Guid id,
        CancellationToken cancellationToken) =>
        OkWithETag(await mediator.Send(new GetUserQuery(id), cancellationToken), u => u.Version);

    /// <summary>Replace username and e-mail, and (admin only) the role. Honours <c>If-Match</c>.</summary>
    /// <remarks>
    /// A user sending a role other than their own gets 403. A changed role or deletion ends the user's tokens at
    /// once.
    /// </remarks>
    [HttpPut("{id:guid}", Name = "updateUser")]
    [ProducesResponseType<UserDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status403Forbidden, "forbidden")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status409Conflict, "email_taken", "username_taken")]
    [ETagHeader]
    [IfMatchHeader]
    public async Task<IActionResult> Update(
        [Description("The user's id (your own, or any for an admin).")] Guid id,
        [FromBody] UpdateUserRequest body,
        CancellationToken cancellationToken)
    {
        var command = new UpdateUserCommand(id, body.Username ?? string.Empty, body.Email ?? string.Empty, body.Role, IfMatchHeader());
        return OkWithETag(await mediator.Send(command, cancellationToken), u => u.Version);
    }

    /// <summary>Delete a user (admin, or the user themself); their tokens stop working at once.</summary>
    /// <remarks>The user's ledger history stays; their e-mail address and username become free.</remarks>
    [HttpDelete("{id:guid}", Name = "deleteUser")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> Delete(
        [Description("The user's id (your own, or any for an admin).")] Guid id,
        CancellationToken cancellationToken) =>
        NoContentOrProblem(await mediator.Send(new DeleteUserCommand(id), cancellationToken));
}

using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.OpenApi;
using PortfolioTracker.Application.Audit;
using PortfolioTracker.Application.Audit.Queries.ListAudit;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/audit")]
[Tags("audit")]
[Authorize(Roles = UserRoleNames.Admin)]
public sealed class AuditController(IMediator mediator) : ApiControllerBase
{
    /// <summary>Every state change and refused attempt, newest first (admin).</summary>
    /// <remarks>
    /// State changes (<c>account.opened</c>, <c>transaction.credit</c>, <c>user.updated</c>, …) with the state before and after;
    /// refused attempts with outcome <c>refused</c> and their <c>code</c> (401/403/422 refusals of commands; 401s of the
    /// authentication and 403s of the authorization layer as <c>http.&lt;method&gt;</c> on entity type <c>endpoint</c>);
    /// admins' reads of other users' accounts and transactions as <c>admin.read_*</c>.
    /// </remarks>
    [HttpGet(Name = "listAuditEntries")]
    [ProducesResponseType<Page<AuditEntryDto>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(
        [FromQuery, Description("Entries whose actor or subject is this user.")] Guid? userId,
        [FromQuery, LengthBetween(1, 50), Example("account"), Description("E.g. `account`, `transaction`, `user`, `endpoint`.")] string? entityType,
        [FromQuery, LengthBetween(1, 300), Description("The entity's id (for `endpoint`: the route template).")] string? entityId,
        [FromQuery, LengthBetween(1, 100), Example("account.opened"), Description("E.g. `account.opened`.")] string? action,
        [FromQuery, Description("Entries at or after this instant (RFC 3339).")] DateTimeOffset? from,
        [FromQuery, Description("Entries at or before this instant (RFC 3339), not before `from`.")] DateTimeOffset? to,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(
            new ListAuditQuery(userId, entityType, entityId, action, from, to, limit ?? PageRequest.DefaultLimit, cursor),
            cancellationToken));
}

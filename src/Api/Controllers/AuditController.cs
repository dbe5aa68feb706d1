using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Http.Problems;
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
    [HttpGet(Name = "listAuditEntries")]
    [ProducesResponseType<Page<AuditEntryDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ApiProblems.ContentType)]
    public async Task<IActionResult> List(
        [FromQuery] Guid? userId,
        [FromQuery] string? entityType,
        [FromQuery] string? entityId,
        [FromQuery] string? action,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(
            new ListAuditQuery(userId, entityType, entityId, action, from, to, limit ?? PageRequest.DefaultLimit, cursor),
            cancellationToken));
}

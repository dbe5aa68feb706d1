using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Accounts.Commands.CloseAccount;
using PortfolioTracker.Application.Accounts.Commands.OpenAccount;
using PortfolioTracker.Application.Accounts.Commands.RenameAccount;
using PortfolioTracker.Application.Accounts.Queries.GetAccount;
using PortfolioTracker.Application.Accounts.Queries.GetBalanceHistory;
using PortfolioTracker.Application.Accounts.Queries.GetBalances;
using PortfolioTracker.Application.Accounts.Queries.ListAccounts;
using PortfolioTracker.Application.Common.Lists;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/accounts")]
[Tags("accounts")]
[Authorize]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
public sealed class AccountsController(IMediator mediator) : ApiControllerBase
{
    /// <summary>Open an account.</summary>
    [HttpPost(Name = "createAccount")]
    [ProducesResponseType<AccountDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    public async Task<IActionResult> Open([FromBody] OpenAccountRequest body, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new OpenAccountCommand(body.Name ?? string.Empty, body.BaseCurrency), cancellationToken);
        if (result.IsSuccess)
        {
            Response.Headers.ETag = ETag(result.Value.Version);
        }

        return CreatedOrProblem(result, account => $"/api/v1/accounts/{account.Id}");
    }

    /// <summary>Your accounts, closed ones included.</summary>
    [HttpGet(Name = "listAccounts")]
    [ProducesResponseType<ItemList<AccountDto>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new ListAccountsQuery(), cancellationToken));

    /// <summary>One account (yours; any for an admin).</summary>
    [HttpGet("{id:guid}", Name = "getAccount")]
    [ProducesResponseType<AccountDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken) =>
        OkWithETag(await mediator.Send(new GetAccountQuery(id), cancellationToken), a => a.Version);

    /// <summary>Rename an account; honours <c>If-Match</c>.</summary>
    [HttpPatch("{id:guid}", Name = "renameAccount")]
    [ProducesResponseType<AccountDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status412PreconditionFailed, ApiProblems.ContentType)]
    public async Task<IActionResult> Rename(Guid id, [FromBody] RenameAccountRequest body, CancellationToken cancellationToken) =>
        OkWithETag(await mediator.Send(new RenameAccountCommand(id, body.Name ?? string.Empty, IfMatchHeader()), cancellationToken), a => a.Version);

    /// <summary>Close an account; every balance must be zero.</summary>
    [HttpDelete("{id:guid}", Name = "closeAccount")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status422UnprocessableEntity, ApiProblems.ContentType)]
    public async Task<IActionResult> Close(Guid id, CancellationToken cancellationToken) =>
        NoContentOrProblem(await mediator.Send(new CloseAccountCommand(id), cancellationToken));

    /// <summary>Current balances, or with <c>at</c> the balances at that instant.</summary>
    [HttpGet("{id:guid}/balances", Name = "getBalances")]
    [ProducesResponseType<ItemList<BalanceDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Balances(Guid id, [FromQuery] DateTimeOffset? at, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetBalancesQuery(id, at), cancellationToken));

    /// <summary>The closing balance of each hour or day, oldest first.</summary>
    [HttpGet("{id:guid}/balances/history", Name = "getBalanceHistory")]
    [ProducesResponseType<ItemList<BalancePointDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> History(
        Guid id,
        [FromQuery] string? asset,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] string? interval,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetBalanceHistoryQuery(id, asset, from, to, interval), cancellationToken));
}

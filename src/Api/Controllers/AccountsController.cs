using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.OpenApi;
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
public sealed class AccountsController(IMediator mediator) : ApiControllerBase
{
    private const string AccountIdDescription = "The account's id.";

    /// <summary>Open an account.</summary>
    /// <remarks>
    /// Names are unique among your accounts regardless of case; the base currency (default USD) is the asset the
    /// account is valued in.
    /// </remarks>
    [HttpPost(Name = "createAccount")]
    [ProducesResponseType<AccountDto>(StatusCodes.Status201Created)]
    [Problem(StatusCodes.Status409Conflict, "account_name_taken")]
    [ETagHeader]
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
    /// <remarks>
    /// Every account you own, open or closed (<c>status</c>), oldest first. Not paginated: a user has few accounts.
    /// </remarks>
    [HttpGet(Name = "listAccounts")]
    [ProducesResponseType<ItemList<AccountDto>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new ListAccountsQuery(), cancellationToken));

    /// <summary>One account (yours; any for an admin).</summary>
    /// <remarks>
    /// Another user's account answers 404 (an admin may read any; the read is audited). The <c>ETag</c> is what
    /// <c>If-Match</c> of a rename expects.
    /// </remarks>
    [HttpGet("{id:guid}", Name = "getAccount")]
    [ProducesResponseType<AccountDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [ETagHeader]
    public async Task<IActionResult> Get([Description(AccountIdDescription)] Guid id, CancellationToken cancellationToken) =>
        OkWithETag(await mediator.Send(new GetAccountQuery(id), cancellationToken), a => a.Version);

    /// <summary>Rename an account; honours <c>If-Match</c>.</summary>
    /// <remarks>
    /// Only the owner renames an account (an admin gets 403 on another user's). Without <c>If-Match</c> the rename
    /// is unconditional.
    /// </remarks>
    [HttpPatch("{id:guid}", Name = "renameAccount")]
    [ProducesResponseType<AccountDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status403Forbidden, "forbidden")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status409Conflict, "account_name_taken")]
    [ETagHeader]
    [IfMatchHeader]
    public async Task<IActionResult> Rename(
        [Description(AccountIdDescription)] Guid id,
        [FromBody] RenameAccountRequest body,
        CancellationToken cancellationToken) =>
        OkWithETag(await mediator.Send(new RenameAccountCommand(id, body.Name ?? string.Empty, IfMatchHeader()), cancellationToken), a => a.Version);

    /// <summary>Close an account; every balance must be zero.</summary>
    /// <remarks>
    /// A closed account stays readable (<c>status: closed</c>) and refuses every new movement. Closing a closed
    /// account changes nothing.
    /// </remarks>
    [HttpDelete("{id:guid}", Name = "closeAccount")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [Problem(StatusCodes.Status403Forbidden, "forbidden")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status422UnprocessableEntity, "account_not_empty")]
    public async Task<IActionResult> Close([Description(AccountIdDescription)] Guid id, CancellationToken cancellationToken) =>
        NoContentOrProblem(await mediator.Send(new CloseAccountCommand(id), cancellationToken));

    /// <summary>Current balances, or with <c>at</c> the balances at that instant.</summary>
    /// <remarks>
    /// The base currency always (zero until something arrives) and every asset ever posted to the account. <c>amount</c> is
    /// the posted balance, <c>available</c> that minus outgoing pending transfers. With <c>at</c>: the balances as they
    /// were then (<c>available</c> = <c>amount</c>; assets not yet posted at that time are left out).
    /// </remarks>
    [HttpGet("{id:guid}/balances", Name = "getBalances")]
    [ProducesResponseType<ItemList<BalanceDto>>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> Balances(
        [Description(AccountIdDescription)] Guid id,
        [FromQuery, Description("An instant (RFC 3339, any offset); omit it for the current balances.")] DateTimeOffset? at,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetBalancesQuery(id, at), cancellationToken));

    /// <summary>The closing balance of each hour or day, oldest first.</summary>
    /// <remarks>
    /// One item per UTC hour or day from the interval containing <c>from</c> to the one containing <c>to</c>: <c>at</c> is the
    /// interval's start, <c>amount</c> its closing balance (for the current interval, the balance now); intervals before the
    /// first posting show zero. At most 2,000 intervals per request.
    /// </remarks>
    [HttpGet("{id:guid}/balances/history", Name = "getBalanceHistory")]
    [ProducesResponseType<ItemList<BalancePointDto>>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> History(
        [Description(AccountIdDescription)] Guid id,
        [FromQuery, Pattern(PatternAttribute.AssetCode), Example("USD"), Description("An asset code; default the account's base currency.")]
        string? asset,
        [FromQuery, Description("Start (RFC 3339); default 29 intervals before `to`.")] DateTimeOffset? from,
        [FromQuery, Description("End (RFC 3339), not before `from`; default now.")] DateTimeOffset? to,
        [FromQuery, Values("hour", "day"), Default("day"), Description("`hour` or `day` (default).")] string? interval,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetBalanceHistoryQuery(id, asset, from, to, interval), cancellationToken));
}

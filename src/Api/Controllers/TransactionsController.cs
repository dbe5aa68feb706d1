using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.OpenApi;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Credit;
using PortfolioTracker.Application.Transactions.Commands.Debit;
using PortfolioTracker.Application.Transactions.Commands.PostTransfer;
using PortfolioTracker.Application.Transactions.Commands.Reverse;
using PortfolioTracker.Application.Transactions.Commands.Trade;
using PortfolioTracker.Application.Transactions.Commands.Transfer;
using PortfolioTracker.Application.Transactions.Commands.VoidTransfer;
using PortfolioTracker.Application.Transactions.Queries.GetTransaction;
using PortfolioTracker.Application.Transactions.Queries.ListTransactions;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Api.Controllers;

/// <summary>
/// Money movements. Every one accepts an <c>Idempotency-Key</c> header: the same key with the same body answers the
/// original outcome again (with <c>Idempotent-Replayed: true</c>); with another body, 409.
/// </summary>
[Route("api/v1/transactions")]
[Tags("transactions")]
[Authorize]
public sealed class TransactionsController(IMediator mediator) : ApiControllerBase
{
    private const string KeyHeader = "Idempotency-Key";

    /// <summary>Deposit into one of your accounts (money enters from the world).</summary>
    /// <remarks>
    /// An optional <c>price</c> records what one unit cost, in the account's base currency (the deposit's cost
    /// basis for the portfolio).
    /// </remarks>
    [HttpPost("credit", Name = "createCredit")]
    [MovementResponses]
    [Problem(StatusCodes.Status403Forbidden, "forbidden")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status422UnprocessableEntity, "account_closed", "balance_limit_exceeded")]
    public async Task<IActionResult> Credit(
        [FromBody] MovementRequest body, [FromHeader(Name = KeyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        Created(await mediator.Send(
            new CreditCommand(body.AccountId ?? Guid.Empty, body.Asset ?? string.Empty, body.Amount ?? string.Empty, body.Description, idempotencyKey, body.Price),
            cancellationToken));

    /// <summary>Withdraw from one of your accounts (money leaves to the world).</summary>
    /// <remarks>
    /// Refused when the account's available balance (posted balance minus outgoing pending transfers) does not
    /// cover the amount.
    /// </remarks>
    [HttpPost("debit", Name = "createDebit")]
    [MovementResponses]
    [Problem(StatusCodes.Status403Forbidden, "forbidden")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status422UnprocessableEntity, "account_closed", "insufficient_funds")]
    public async Task<IActionResult> Debit(
        [FromBody] MovementRequest body, [FromHeader(Name = KeyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        Created(await mediator.Send(
            new DebitCommand(body.AccountId ?? Guid.Empty, body.Asset ?? string.Empty, body.Amount ?? string.Empty, body.Description, idempotencyKey),
            cancellationToken));

    /// <summary>Move money from one of your accounts to any open account; <c>pending</c> only reserves it.</summary>
    /// <remarks>
    /// A pending transfer reserves the amount on the source (its <c>available</c> drops, its <c>amount</c> does not) and
    /// shows nothing on the target until <c>POST /transactions/{id}/post</c>; <c>/void</c> releases it.
    /// </remarks>
    [HttpPost("transfer", Name = "createTransfer")]
    [MovementResponses]
    [Problem(StatusCodes.Status403Forbidden, "forbidden")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status422UnprocessableEntity, "account_closed", "balance_limit_exceeded", "insufficient_funds", "same_account")]
    public async Task<IActionResult> Transfer(
        [FromBody] TransferRequest body, [FromHeader(Name = KeyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        Created(await mediator.Send(
            new TransferCommand(
                body.FromAccountId ?? Guid.Empty,
                body.ToAccountId ?? Guid.Empty,
                body.Asset ?? string.Empty,
                body.Amount ?? string.Empty,
                body.Description,
                body.Pending ?? false,
                idempotencyKey),
            cancellationToken));

    /// <summary>Buy or sell an asset against a quote asset.</summary>
    /// <remarks>
    /// At <c>price</c>, or without it at the current (fresh) market price of the asset in the quote asset. The quote amount is
    /// quantity × price rounded to the quote asset's decimals, midpoint away from zero; a <c>fee</c> (in the quote asset) is
    /// added to a buy and deducted from a sale. One transaction with two legs; <c>trade</c> records what was exchanged.
    /// </remarks>
    [HttpPost("trade", Name = "createTrade")]
    [MovementResponses]
    [Problem(StatusCodes.Status403Forbidden, "forbidden")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(
        StatusCodes.Status422UnprocessableEntity,
        "account_closed",
        "asset_mismatch",
        "balance_limit_exceeded",
        "fee_exceeds_proceeds",
        "insufficient_funds",
        "price_required",
        "trade_too_small")]
    public async Task<IActionResult> Trade(
        [FromBody] TradeRequest body, [FromHeader(Name = KeyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        Created(await mediator.Send(
            new TradeCommand(
                body.AccountId ?? Guid.Empty,
                body.Side ?? string.Empty,
                body.Asset ?? string.Empty,
                body.Quantity ?? string.Empty,
                body.QuoteAsset ?? string.Empty,
                body.Price,
                body.Fee,
                body.Description,
                idempotencyKey),
            cancellationToken));

    /// <summary>Settle a pending transfer.</summary>
    /// <remarks>
    /// The source's owner (or an admin) moves the reserved amount to the target; 422 <c>account_closed</c> when the
    /// target was closed meanwhile.
    /// </remarks>
    [HttpPost("{id:guid}/post", Name = "postTransaction")]
    [SettlementResponses]
    [Problem(StatusCodes.Status403Forbidden, "forbidden")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status422UnprocessableEntity, "account_closed", "balance_limit_exceeded", "invalid_state")]
    public async Task<IActionResult> Post(
        [Description("The pending transfer's id.")] Guid id,
        [FromHeader(Name = KeyHeader)] string? idempotencyKey,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new PostTransferCommand(id, idempotencyKey), cancellationToken));

    /// <summary>Cancel a pending transfer.</summary>
    /// <remarks>The source's owner (or an admin) releases the reservation.</remarks>
    [HttpPost("{id:guid}/void", Name = "voidTransaction")]
    [SettlementResponses]
    [Problem(StatusCodes.Status403Forbidden, "forbidden")]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status422UnprocessableEntity, "invalid_state")]
    public async Task<IActionResult> Void(
        [Description("The pending transfer's id.")] Guid id,
        [FromHeader(Name = KeyHeader)] string? idempotencyKey,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new VoidTransferCommand(id, idempotencyKey), cancellationToken));

    /// <summary>Compensate a completed transaction (admin); answers the reversal.</summary>
    /// <remarks>
    /// A new <c>reversal</c> transaction with every posting negated; the original becomes <c>reversed</c>. Pending, voided and
    /// reversed transactions, and reversals, cannot be reversed (422 <c>invalid_state</c>); nor when that would overdraw an
    /// account (422 <c>insufficient_funds</c>) or an account involved is closed.
    /// </remarks>
    [HttpPost("{id:guid}/reverse", Name = "reverseTransaction")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [ProducesResponseType<TransactionDto>(StatusCodes.Status201Created)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    [Problem(StatusCodes.Status422UnprocessableEntity, "account_closed", "balance_limit_exceeded", "insufficient_funds", "invalid_state")]
    public async Task<IActionResult> Reverse(
        [Description("The transaction to reverse.")] Guid id,
        [FromBody] ReverseRequest body,
        [FromHeader(Name = KeyHeader)] string? idempotencyKey,
        CancellationToken cancellationToken) =>
        Created(await mediator.Send(new ReverseTransactionCommand(id, body.Reason ?? string.Empty, idempotencyKey), cancellationToken));

    /// <summary>Your transactions (any account's with <c>accountId</c> for an admin), newest first.</summary>
    /// <remarks>
    /// Every transaction touching one of your accounts, incoming transfers included. Cursors are keyset positions:
    /// pages stay stable while new transactions arrive.
    /// </remarks>
    [HttpGet(Name = "listTransactions")]
    [ProducesResponseType<Page<TransactionDto>>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> List(
        [FromQuery, Description("Only this account's (yours; any for an admin, audited).")] Guid? accountId,
        [FromQuery, Values("credit", "debit", "transfer", "trade", "reversal"), Description("Only this type.")] string? type,
        [FromQuery, Values("pending", "completed", "voided", "reversed"), Description("Only this status.")] string? status,
        [FromQuery, Description("Created at or after this instant (RFC 3339).")] DateTimeOffset? from,
        [FromQuery, Description("Created at or before this instant (RFC 3339), not before `from`.")] DateTimeOffset? to,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(
            new ListTransactionsQuery(accountId, type, status, from, to, limit ?? PageRequest.DefaultLimit, cursor),
            cancellationToken));

    /// <summary>One transaction that touches one of your accounts (any for an admin).</summary>
    /// <remarks><c>balanceAfter</c> is shown only on postings of your own accounts (admins see all).</remarks>
    [HttpGet("{id:guid}", Name = "getTransaction")]
    [ProducesResponseType<TransactionDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> Get([Description("The transaction's id.")] Guid id, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetTransactionQuery(id), cancellationToken));

    private IActionResult Created(Result<TransactionDto> result) =>
        CreatedOrProblem(result, transaction => $"/api/v1/transactions/{transaction.Id}");

    /// <summary>
    /// The success of a new money movement, 201 with the transaction; its 403 (an admin moving money out of another user's
    /// account) and 404 (an account that does not exist or is not yours) are listed with each movement's other refusals.
    /// </summary>
    private sealed class MovementResponsesAttribute : ProducesResponseTypeAttribute<TransactionDto>
    {
        public MovementResponsesAttribute()
            : base(StatusCodes.Status201Created)
        {
        }
    }

    /// <summary>The success of post and void: 200 with the transaction.</summary>
    private sealed class SettlementResponsesAttribute : ProducesResponseTypeAttribute<TransactionDto>
    {
        public SettlementResponsesAttribute()
            : base(StatusCodes.Status200OK)
        {
        }
    }
}

using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.Http.Problems;
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
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
public sealed class TransactionsController(IMediator mediator) : ApiControllerBase
{
    private const string KeyHeader = "Idempotency-Key";

    /// <summary>Deposit into one of your accounts (money enters from the world).</summary>
    [HttpPost("credit", Name = "createCredit")]
    [MovementResponses]
    public async Task<IActionResult> Credit(
        [FromBody] MovementRequest body, [FromHeader(Name = KeyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        Created(await mediator.Send(
            new CreditCommand(body.AccountId ?? Guid.Empty, body.Asset ?? string.Empty, body.Amount ?? string.Empty, body.Description, idempotencyKey, body.Price),
            cancellationToken));

    /// <summary>Withdraw from one of your accounts (money leaves to the world).</summary>
    [HttpPost("debit", Name = "createDebit")]
    [MovementResponses]
    public async Task<IActionResult> Debit(
        [FromBody] MovementRequest body, [FromHeader(Name = KeyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        Created(await mediator.Send(
            new DebitCommand(body.AccountId ?? Guid.Empty, body.Asset ?? string.Empty, body.Amount ?? string.Empty, body.Description, idempotencyKey),
            cancellationToken));

    /// <summary>Move money from one of your accounts to any open account; <c>pending</c> only reserves it.</summary>
    [HttpPost("transfer", Name = "createTransfer")]
    [MovementResponses]
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
    [HttpPost("trade", Name = "createTrade")]
    [MovementResponses]
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
    [HttpPost("{id:guid}/post", Name = "postTransaction")]
    [SettlementResponses]
    public async Task<IActionResult> Post(Guid id, [FromHeader(Name = KeyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new PostTransferCommand(id, idempotencyKey), cancellationToken));

    /// <summary>Cancel a pending transfer.</summary>
    [HttpPost("{id:guid}/void", Name = "voidTransaction")]
    [SettlementResponses]
    public async Task<IActionResult> Void(Guid id, [FromHeader(Name = KeyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new VoidTransferCommand(id, idempotencyKey), cancellationToken));

    /// <summary>Compensate a completed transaction (admin); answers the reversal.</summary>
    [HttpPost("{id:guid}/reverse", Name = "reverseTransaction")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [MovementResponses]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Reverse(
        Guid id, [FromBody] ReverseRequest body, [FromHeader(Name = KeyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        Created(await mediator.Send(new ReverseTransactionCommand(id, body.Reason ?? string.Empty, idempotencyKey), cancellationToken));

    /// <summary>Your transactions (any account's with <c>accountId</c> for an admin), newest first.</summary>
    [HttpGet(Name = "listTransactions")]
    [ProducesResponseType<Page<TransactionDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> List(
        [FromQuery] Guid? accountId,
        [FromQuery] string? type,
        [FromQuery] string? status,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(
            new ListTransactionsQuery(accountId, type, status, from, to, limit ?? PageRequest.DefaultLimit, cursor),
            cancellationToken));

    /// <summary>One transaction that touches one of your accounts (any for an admin).</summary>
    [HttpGet("{id:guid}", Name = "getTransaction")]
    [ProducesResponseType<TransactionDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetTransactionQuery(id), cancellationToken));

    private IActionResult Created(Result<TransactionDto> result) =>
        CreatedOrProblem(result, transaction => $"/api/v1/transactions/{transaction.Id}");

    /// <summary>The answers of a new money movement.</summary>
    private sealed class MovementResponsesAttribute : ProducesResponseTypeAttribute<TransactionDto>
    {
        public MovementResponsesAttribute()
            : base(StatusCodes.Status201Created)
        {
        }
    }

    /// <summary>The answers of post and void.</summary>
    private sealed class SettlementResponsesAttribute : ProducesResponseTypeAttribute<TransactionDto>
    {
        public SettlementResponsesAttribute()
            : base(StatusCodes.Status200OK)
        {
        }
    }
}

using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.OpenApi;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Assets.Commands.AddAsset;
using PortfolioTracker.Application.Assets.Queries.GetAsset;
using PortfolioTracker.Application.Assets.Queries.ListAssets;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Api.Controllers;

[Route("api/v1/assets")]
[Tags("assets")]
[Authorize]
public sealed class AssetsController(IMediator mediator) : ApiControllerBase
{
    /// <summary>Every asset the ledger can hold.</summary>
    /// <remarks>
    /// USD, EUR and GBP (2 decimals) and the seeded crypto assets with their on-chain precision (BTC 8, ETH 18, …)
    /// and market-data <c>priceId</c>, plus any an admin added.
    /// </remarks>
    [HttpGet(Name = "listAssets")]
    [ProducesResponseType<ItemList<AssetDto>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new ListAssetsQuery(), cancellationToken));

    /// <summary>One asset.</summary>
    /// <remarks>Asset codes are case-insensitive.</remarks>
    [HttpGet("{code}", Name = "getAsset")]
    [ProducesResponseType<AssetDto>(StatusCodes.Status200OK)]
    [Problem(StatusCodes.Status404NotFound, "not_found")]
    public async Task<IActionResult> Get(
        [Example("BTC"), Description("The asset's code, any case (`btc` is `BTC`).")] string code,
        CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetAssetQuery(code), cancellationToken));

    /// <summary>Add an asset (admin); its world account is created with it.</summary>
    /// <remarks>
    /// The code is stored upper-case and must be new; a <c>priceId</c> may belong to one asset only. Amounts of the
    /// asset have at most <c>decimals</c> fraction digits.
    /// </remarks>
    [HttpPost(Name = "createAsset")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [ProducesResponseType<AssetDto>(StatusCodes.Status201Created)]
    [Problem(StatusCodes.Status409Conflict, "asset_exists", "price_id_taken")]
    public async Task<IActionResult> Create([FromBody] CreateAssetRequest body, CancellationToken cancellationToken)
    {
        var command = new AddAssetCommand(body.Code ?? string.Empty, body.Name ?? string.Empty, body.Kind ?? string.Empty, body.Decimals, body.PriceId);
        return CreatedOrProblem(await mediator.Send(command, cancellationToken), asset => $"/api/v1/assets/{asset.Code}");
    }
}

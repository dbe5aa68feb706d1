using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PortfolioTracker.Api.Contracts;
using PortfolioTracker.Api.Http.Problems;
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
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ApiProblems.ContentType)]
public sealed class AssetsController(IMediator mediator) : ApiControllerBase
{
    /// <summary>Every asset the ledger can hold.</summary>
    [HttpGet(Name = "listAssets")]
    [ProducesResponseType<ItemList<AssetDto>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new ListAssetsQuery(), cancellationToken));

    /// <summary>One asset.</summary>
    [HttpGet("{code}", Name = "getAsset")]
    [ProducesResponseType<AssetDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Get(string code, CancellationToken cancellationToken) =>
        OkOrProblem(await mediator.Send(new GetAssetQuery(code), cancellationToken));

    /// <summary>Add an asset (admin); its world account is created with it.</summary>
    [HttpPost(Name = "createAsset")]
    [Authorize(Roles = UserRoleNames.Admin)]
    [ProducesResponseType<AssetDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ApiProblems.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    public async Task<IActionResult> Create([FromBody] CreateAssetRequest body, CancellationToken cancellationToken)
    {
        var command = new AddAssetCommand(body.Code ?? string.Empty, body.Name ?? string.Empty, body.Kind ?? string.Empty, body.Decimals, body.PriceId);
        return CreatedOrProblem(await mediator.Send(command, cancellationToken), asset => $"/api/v1/assets/{asset.Code}");
    }
}

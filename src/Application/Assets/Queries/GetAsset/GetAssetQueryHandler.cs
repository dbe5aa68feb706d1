using MediatR;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Assets.Queries.GetAsset;

internal sealed class GetAssetQueryHandler(IAssetCatalog catalog) : IRequestHandler<GetAssetQuery, Result<AssetDto>>
{
    private static readonly Error NotFound = Error.NotFound("not_found", "No asset has this code.");

    public async Task<Result<AssetDto>> Handle(GetAssetQuery request, CancellationToken cancellationToken) =>
        await catalog.FindAsync(request.Code, cancellationToken) is { } asset ? AssetDto.From(asset) : NotFound;
}

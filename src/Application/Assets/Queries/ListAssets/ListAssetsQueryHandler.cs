using MediatR;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Assets.Queries.ListAssets;

internal sealed class ListAssetsQueryHandler(IAssetCatalog catalog) : IRequestHandler<ListAssetsQuery, Result<ItemList<AssetDto>>>
{
    public async Task<Result<ItemList<AssetDto>>> Handle(ListAssetsQuery request, CancellationToken cancellationToken) =>
        new ItemList<AssetDto>([.. (await catalog.ListAsync(cancellationToken)).Select(AssetDto.From)]);
}

using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Assets.Queries.ListAssets;

public sealed record ListAssetsQuery : IQuery<ItemList<AssetDto>>;

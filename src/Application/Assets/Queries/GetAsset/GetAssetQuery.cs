using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Assets.Queries.GetAsset;

public sealed record GetAssetQuery(string Code) : IQuery<AssetDto>;

using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Assets;

public static class AssetErrors
{
    public static readonly Error CodeTaken = Error.Conflict("asset_exists", "An asset with this code already exists.");
}

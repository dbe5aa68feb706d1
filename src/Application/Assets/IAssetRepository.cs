using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Application.Assets;

public interface IAssetRepository
{
    /// <summary>Adds an asset together with its world account; a taken code is a conflict.</summary>
    Task<Result> AddAsync(Asset asset, Account world, CancellationToken cancellationToken);
}

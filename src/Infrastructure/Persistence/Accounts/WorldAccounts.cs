using System.Collections.Concurrent;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Infrastructure.Persistence.Accounts;

/// <summary>World accounts never change once created, so each instance looks each one up once.</summary>
internal sealed class WorldAccounts
{
    private readonly ConcurrentDictionary<AssetCode, Account> byAsset = new();

    public Account? Find(AssetCode asset) => byAsset.GetValueOrDefault(asset);

    public void Remember(Account world)
    {
        ArgumentNullException.ThrowIfNull(world);
        byAsset.TryAdd(world.BaseCurrency, world);
    }
}

using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Accounts;

/// <summary>Loads and stores accounts inside the current unit of work.</summary>
public interface IAccountRepository
{
    /// <summary>The account, locked against concurrent changes of the account itself (rename, close).</summary>
    Task<Account?> FindForUpdateAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// The accounts (user accounts only; unknown ids and world accounts are left out), share-locked in id order so
    /// that none of them can be closed until the current transaction ends.
    /// </summary>
    Task<IReadOnlyList<Account>> LockForMovementAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken);

    /// <summary>The world account of an asset (every asset has one).</summary>
    Task<Account> GetWorldAsync(AssetCode asset, CancellationToken cancellationToken);

    /// <summary>Every balance of the account, locked (closing needs all of them zero).</summary>
    Task<IReadOnlyList<Balance>> LockBalancesAsync(Guid accountId, CancellationToken cancellationToken);

    /// <summary>Inserts an account; a name the owner already uses is a conflict.</summary>
    Task<Result> AddAsync(Account account, CancellationToken cancellationToken);

    /// <summary>Stores a change, provided nobody stored another since it was loaded at <paramref name="loadedVersion"/>.</summary>
    Task<Result> UpdateAsync(Account account, int loadedVersion, CancellationToken cancellationToken);
}

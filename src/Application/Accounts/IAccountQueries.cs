using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Application.Accounts;

/// <summary>An account as the read side sees it, with its owner for access checks.</summary>
public sealed record AccountView(AccountDto Account, Guid OwnerId);

/// <summary>An account with its current balances, read together in one round trip.</summary>
public sealed record AccountBalancesView(AccountView View, IReadOnlyList<BalanceDto> Balances);

/// <summary>Balance intervals of the history.</summary>
public enum BalanceInterval
{
    Hour,
    Day,
}

/// <summary>The read side of accounts and balances.</summary>
public interface IAccountQueries
{
    /// <summary>A user account (never a world account), or null.</summary>
    Task<AccountView?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The user's accounts, closed ones included, oldest first.</summary>
    Task<IReadOnlyList<AccountDto>> ListAsync(Guid ownerId, CancellationToken cancellationToken);

    /// <summary>
    /// A user account (never a world account) and its balances, in one round trip; null when there is no such account.
    /// Without <paramref name="at"/>, the current balances (every asset it ever held, plus its base currency); with it,
    /// the balances as they were at that instant (<c>available</c> equals <c>amount</c>). The caller checks access
    /// before showing anything.
    /// </summary>
    Task<AccountBalancesView?> FindWithBalancesAsync(Guid id, DateTimeOffset? at, CancellationToken cancellationToken);

    /// <summary>The closing balance of every interval from <paramref name="from"/> to <paramref name="to"/>, oldest first.</summary>
    Task<IReadOnlyList<BalancePointDto>> HistoryAsync(
        Guid accountId, Asset asset, DateTimeOffset from, DateTimeOffset to, BalanceInterval interval, CancellationToken cancellationToken);
}

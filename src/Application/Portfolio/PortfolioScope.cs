using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Portfolio;

/// <summary>
/// The accounts a portfolio values (<see cref="InScope"/>), and all the accounts of their owner
/// (<see cref="OwnersAccounts"/>), whose history the cost bases are replayed from: units moved between two accounts of
/// the same owner keep what they cost.
/// </summary>
public sealed record PortfolioAccounts(IReadOnlyCollection<Guid> InScope, IReadOnlyCollection<Guid> OwnersAccounts);

/// <summary>The accounts a portfolio covers: one account (yours, or any for an admin — audited), or all of yours.</summary>
internal sealed class PortfolioScope(AccountAccess access, IAccountQueries accounts, ICurrentUser currentUser)
{
    public async Task<Result<PortfolioAccounts>> AccountsAsync(Guid? accountId, CancellationToken cancellationToken)
    {
        if (accountId is { } id)
        {
            var account = await access.ReadAsync(id, "portfolio", cancellationToken);
            if (account.IsFailure)
            {
                return account.Error;
            }

            var owner = (await accounts.FindAsync(id, cancellationToken))?.OwnerId ?? currentUser.Actor.UserId;
            return new PortfolioAccounts([id], await IdsOfAsync(owner, cancellationToken));
        }

        var own = await IdsOfAsync(currentUser.Actor.UserId, cancellationToken);
        return new PortfolioAccounts(own, own);
    }

    private async Task<IReadOnlyCollection<Guid>> IdsOfAsync(Guid ownerId, CancellationToken cancellationToken) =>
        [.. (await accounts.ListAsync(ownerId, cancellationToken)).Select(a => a.Id)];
}

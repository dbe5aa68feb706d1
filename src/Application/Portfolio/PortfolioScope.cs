using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Portfolio;

/// <summary>The accounts a portfolio covers: one account (yours, or any for an admin — audited), or all of yours.</summary>
internal sealed class PortfolioScope(AccountAccess access, IAccountQueries accounts, ICurrentUser currentUser)
{
    public async Task<Result<IReadOnlyCollection<Guid>>> AccountsAsync(Guid? accountId, CancellationToken cancellationToken)
    {
        if (accountId is { } id)
        {
            var account = await access.ReadAsync(id, "portfolio", cancellationToken);
            return account.IsFailure ? account.Error : Result<IReadOnlyCollection<Guid>>.Success([id]);
        }

        var own = await accounts.ListAsync(currentUser.Actor.UserId, cancellationToken);
        return Result<IReadOnlyCollection<Guid>>.Success([.. own.Select(a => a.Id)]);
    }
}

using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Accounts;

/// <summary>
/// Read access to an account for queries: its owner, or an admin (whose look at another user's account is audited).
/// Anyone else is told it does not exist.
/// </summary>
internal sealed class AccountAccess(IAccountQueries queries, ICurrentUser currentUser, IAuditLog auditLog)
{
    public async Task<Result<AccountDto>> ReadAsync(Guid accountId, string what, CancellationToken cancellationToken) =>
        await CheckAsync(accountId, await queries.FindAsync(accountId, cancellationToken), what, cancellationToken);

    /// <summary>The same check on an account the caller has already read (e.g. together with its balances).</summary>
    public async Task<Result<AccountDto>> CheckAsync(Guid accountId, AccountView? view, string what, CancellationToken cancellationToken)
    {
        var actor = currentUser.Actor;
        if (view is null || !actor.CanAccess(view.OwnerId))
        {
            return AccountErrors.NotFound;
        }

        if (view.OwnerId != actor.UserId)
        {
            await auditLog.RecordAsync(new AuditEntry($"admin.read_{what}", "account", accountId.ToString(), SubjectUserId: view.OwnerId), cancellationToken);
        }

        return view.Account;
    }
}

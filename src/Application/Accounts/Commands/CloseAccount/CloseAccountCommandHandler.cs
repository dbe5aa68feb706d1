using MediatR;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Accounts.Commands.CloseAccount;

/// <summary>
/// Closes an empty account. The account row and all its balances are locked, so no movement can slip in between
/// the emptiness check and the close.
/// </summary>
internal sealed class CloseAccountCommandHandler(
    IAccountRepository accounts,
    ICurrentUser currentUser,
    IAuditLog auditLog,
    TimeProvider clock) : IRequestHandler<CloseAccountCommand, Result>
{
    public async Task<Result> Handle(CloseAccountCommand request, CancellationToken cancellationToken)
    {
        var account = await accounts.FindForUpdateAsync(request.AccountId, cancellationToken);
        if (account is null)
        {
            return AccountErrors.NotFound;
        }

        var writable = account.EnsureWritableBy(currentUser.Actor);
        if (writable.IsFailure)
        {
            return writable.Error;
        }

        var before = AccountDto.From(account);
        var loadedVersion = account.Version;
        var closed = account.Close(await accounts.LockBalancesAsync(account.Id, cancellationToken), clock.UtcNow());
        if (closed.IsFailure || account.Version == loadedVersion)
        {
            return closed;
        }

        var saved = await accounts.UpdateAsync(account, loadedVersion, cancellationToken);
        if (saved.IsFailure)
        {
            return saved;
        }

        await auditLog.RecordAsync(new AuditEntry("account.closed", "account", account.Id.ToString(), Before: before, After: AccountDto.From(account), SubjectUserId: account.OwnerId), cancellationToken);
        return Result.Success();
    }
}

using MediatR;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Accounts.Commands.RenameAccount;

internal sealed class RenameAccountCommandHandler(
    IAccountRepository accounts,
    ICurrentUser currentUser,
    IAuditLog auditLog,
    TimeProvider clock) : IRequestHandler<RenameAccountCommand, Result<AccountDto>>
{
    public async Task<Result<AccountDto>> Handle(RenameAccountCommand request, CancellationToken cancellationToken)
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

        if (request.IfMatch is { } precondition && !precondition.Matches(account.Version))
        {
            return AccountErrors.VersionMismatch;
        }

        var before = AccountDto.From(account);
        var loadedVersion = account.Version;
        account.Rename(AccountName.Create(request.Name).Value, clock.UtcNow());
        if (account.Version == loadedVersion)
        {
            return before;
        }

        var saved = await accounts.UpdateAsync(account, loadedVersion, cancellationToken);
        if (saved.IsFailure)
        {
            return saved.Error;
        }

        var after = AccountDto.From(account);
        await auditLog.RecordAsync(new AuditEntry("account.renamed", "account", account.Id.ToString(), Before: before, After: after, SubjectUserId: account.OwnerId), cancellationToken);
        return after;
    }
}

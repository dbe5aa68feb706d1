using MediatR;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Accounts.Commands.OpenAccount;

internal sealed class OpenAccountCommandHandler(
    IAccountRepository accounts,
    IAssetCatalog catalog,
    ICurrentUser currentUser,
    IAuditLog auditLog,
    TimeProvider clock) : IRequestHandler<OpenAccountCommand, Result<AccountDto>>
{
    public async Task<Result<AccountDto>> Handle(OpenAccountCommand request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var baseCurrency = await catalog.FindAsync(request.BaseCurrency ?? OpenAccountCommand.DefaultBaseCurrency, cancellationToken)
            ?? throw new InvalidOperationException("The default base currency is not a seeded asset.");
        var account = Account.Open(Guid.CreateVersion7(now), currentUser.Actor.UserId, AccountName.Create(request.Name).Value, baseCurrency, now);

        var added = await accounts.AddAsync(account, cancellationToken);
        if (added.IsFailure)
        {
            return added.Error;
        }

        var dto = AccountDto.From(account);
        await auditLog.RecordAsync(new AuditEntry("account.opened", "account", account.Id.ToString(), After: dto, SubjectUserId: account.OwnerId), cancellationToken);
        return dto;
    }
}

using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions;

/// <summary>
/// The shared last steps of every money movement: lock the balances it touches, apply it, store it, audit it, and
/// answer it as the caller may see it.
/// </summary>
internal sealed class Bookkeeper(ILedgerRepository ledger, IAccountRepository accountRepository, ICurrentUser currentUser, IAuditLog auditLog)
{
    /// <summary>An account the caller owns, share-locked for a movement; 404 (or 403 for an admin) otherwise.</summary>
    public async Task<Result<Account>> OwnAccountAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = (await accountRepository.LockForMovementAsync([accountId], cancellationToken)).SingleOrDefault();
        if (account is null)
        {
            return AccountErrors.NotFound;
        }

        var writable = account.EnsureWritableBy(currentUser.Actor);
        return writable.IsFailure ? writable.Error : account;
    }

    /// <summary>Books a newly created transaction.</summary>
    public async Task<Result<TransactionDto>> BookAsync(
        Result<Transaction> created, IReadOnlyCollection<Account> accounts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (created.IsFailure)
        {
            return created.Error;
        }

        var transaction = created.Value;
        var sheet = await ledger.LockBalancesAsync(transaction.BalanceKeys, now, cancellationToken);
        var booked = transaction.Book(sheet, now);
        if (booked.IsFailure)
        {
            return booked.Error;
        }

        await ledger.AddAsync(transaction, cancellationToken);
        await ledger.SaveBalancesAsync(sheet, cancellationToken);
        var dto = await AuditedAsync(transaction, $"transaction.{TransactionDto.TypeName(transaction.Type)}", accounts, cancellationToken);

        // Last: the world balances are the most contended rows, so they are locked for the shortest time.
        await ledger.ApplyWorldPostingsAsync(transaction, now, cancellationToken);
        return dto;
    }

    /// <summary>Stores a changed transaction (and a reversal created for it, if any) with the balances it changed.</summary>
    public async Task<Result<TransactionDto>> SaveChangeAsync(
        Transaction changed, BalanceSheet sheet, string action, IReadOnlyCollection<Account> accounts, CancellationToken cancellationToken)
    {
        await ledger.UpdateAsync(changed, cancellationToken);
        await ledger.SaveBalancesAsync(sheet, cancellationToken);
        return await AuditedAsync(changed, action, accounts, cancellationToken);
    }

    /// <summary>Whether the caller may see the balances of an account: their own, or any for an admin.</summary>
    public Func<Guid, bool> BalanceVisibility(IReadOnlyCollection<Account> accounts)
    {
        var actor = currentUser.Actor;
        if (actor.IsAdmin)
        {
            return _ => true;
        }

        var own = accounts.Where(a => a.IsOwnedBy(actor)).Select(a => a.Id).ToHashSet();
        return own.Contains;
    }

    private async Task<Result<TransactionDto>> AuditedAsync(
        Transaction transaction, string action, IReadOnlyCollection<Account> accounts, CancellationToken cancellationToken)
    {
        var dto = TransactionDto.From(transaction, BalanceVisibility(accounts));
        var subject = accounts.FirstOrDefault(a => !a.IsWorld && !a.IsOwnedBy(currentUser.Actor))?.OwnerId;
        await auditLog.RecordAsync(new AuditEntry(action, "transaction", transaction.Id.ToString(), After: dto, SubjectUserId: subject), cancellationToken);
        return dto;
    }
}

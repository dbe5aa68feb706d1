using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.Transactions;

/// <summary>
/// Loads an existing transaction for a change (post, void, reverse): the transaction row first, then its accounts, then its
/// balances — always in that order, so changes of one transaction queue up instead of deadlocking.
/// </summary>
internal sealed class ExistingTransactions(
    ILedgerRepository ledger,
    IAccountRepository accounts,
    Bookkeeper bookkeeper,
    ICurrentUser currentUser,
    TimeProvider clock)
{
    public async Task<Result<TransactionDto>> SettleAsync(
        Guid transactionId,
        string action,
        Func<Transaction, IReadOnlyCollection<Account>, BalanceSheet, Result> change,
        CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(transactionId, cancellationToken);
        if (loaded.IsFailure)
        {
            return loaded.Error;
        }

        var (transaction, involved, sheet) = loaded.Value;
        var changed = change(transaction, involved, sheet);
        return changed.IsFailure
            ? changed.Error
            : await bookkeeper.SaveChangeAsync(transaction, sheet, action, involved, cancellationToken);
    }

    /// <summary>The transaction with its locked accounts and balances; not found unless the caller can see it.</summary>
    public async Task<Result<(Transaction Transaction, IReadOnlyList<Account> Accounts, BalanceSheet Sheet)>> LoadAsync(
        Guid transactionId, CancellationToken cancellationToken)
    {
        var transaction = await ledger.FindForUpdateAsync(transactionId, cancellationToken);
        if (transaction is null)
        {
            return LedgerErrors.TransactionNotFound;
        }

        var involved = await accounts.LockForMovementAsync(
            transaction.Postings.Where(p => !p.IsWorld).Select(p => p.AccountId).Distinct(), cancellationToken);
        var actor = currentUser.Actor;
        if (!actor.IsAdmin && !involved.Any(a => a.IsOwnedBy(actor)))
        {
            return LedgerErrors.TransactionNotFound;
        }

        var sheet = await ledger.LockBalancesAsync(transaction.BalanceKeys, clock.UtcNow(), cancellationToken);
        return (transaction, involved, sheet);
    }
}

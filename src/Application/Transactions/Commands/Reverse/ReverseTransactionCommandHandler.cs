using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Transactions.Commands.Reverse;

internal sealed class ReverseTransactionCommandHandler(
    ExistingTransactions transactions,
    ILedgerRepository ledger,
    Bookkeeper bookkeeper,
    ICurrentUser currentUser,
    TimeProvider clock) : IRequestHandler<ReverseTransactionCommand, Result<TransactionDto>>
{
    public async Task<Result<TransactionDto>> Handle(ReverseTransactionCommand request, CancellationToken cancellationToken)
    {
        var actor = currentUser.Actor;
        if (!actor.IsAdmin)
        {
            return UserErrors.AdminOnly;
        }

        var loaded = await transactions.LoadAsync(request.TransactionId, cancellationToken);
        if (loaded.IsFailure)
        {
            return loaded.Error;
        }

        var (original, accounts, sheet) = loaded.Value;
        var now = clock.UtcNow();
        var reversal = original.Reverse(Guid.CreateVersion7(now), request.Reason.Trim(), accounts, sheet, actor.UserId, now);
        if (reversal.IsFailure)
        {
            return reversal.Error;
        }

        await ledger.AddAsync(reversal.Value, cancellationToken);
        await bookkeeper.SaveChangeAsync(original, sheet, "transaction.reversed", accounts, cancellationToken);
        await ledger.ApplyWorldPostingsAsync(reversal.Value, now, cancellationToken);
        return TransactionDto.From(reversal.Value, bookkeeper.BalanceVisibility(accounts));
    }
}

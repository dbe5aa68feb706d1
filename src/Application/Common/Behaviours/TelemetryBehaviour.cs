using System.Diagnostics;
using MediatR;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Application.Common.Telemetry;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Behaviours;

/// <summary>
/// Outermost behaviour: one span per request (source <c>PortfolioTracker</c>, named after the request type) tagged with
/// its outcome and error code, and — for money movements — the ledger metrics, recorded once the answer (and its commit)
/// is known. An idempotent replay is tagged but not counted again.
/// </summary>
public sealed class TelemetryBehaviour<TRequest, TResponse>(LedgerMetrics ledgerMetrics, IdempotencyContext idempotency)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly string RequestName = typeof(TRequest).Name;

    /// <summary>Credit, debit, transfer, trade, post, void and reverse: the commands that answer a transaction.</summary>
    private static readonly bool IsMovement =
        typeof(ICommandBase).IsAssignableFrom(typeof(TRequest)) && typeof(TResponse) == typeof(Result<TransactionDto>);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        using var activity = Instrumentation.ActivitySource.StartActivity(RequestName);
        activity?.SetTag("mediator.request", RequestName);
        try
        {
            var response = await next();
            if (idempotency.Replayed)
            {
                activity?.SetTag("idempotency.replayed", true);
            }

            if (response is Result { IsFailure: true } failed)
            {
                activity?.SetTag("outcome", "refused");
                activity?.SetTag("error.code", failed.Error.Code);
                if (IsMovement && !idempotency.Replayed)
                {
                    ledgerMetrics.Refused(failed.Error.Code);
                }
            }
            else
            {
                activity?.SetTag("outcome", "succeeded");
                if (IsMovement && !idempotency.Replayed && response is Result<TransactionDto> { IsSuccess: true } answered)
                {
                    ledgerMetrics.Recorded(answered.Value);
                }
            }

            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetTag("outcome", "cancelled");
            throw;
        }
        catch (Exception exception)
        {
            activity?.SetTag("outcome", "failed");
            activity?.SetTag("error.type", exception.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }
}

using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Behaviours;

/// <summary>
/// Wraps each command in one database transaction, committed before the response is written when the command
/// succeeds and rolled back when it fails. Queries pass straight through.
/// </summary>
public sealed class UnitOfWorkBehaviour<TRequest, TResponse>(IUnitOfWork unitOfWork) : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not ICommandBase)
        {
            return next();
        }

        return unitOfWork.ExecuteAsync(_ => next(), response => response is Result { IsSuccess: true }, cancellationToken);
    }
}

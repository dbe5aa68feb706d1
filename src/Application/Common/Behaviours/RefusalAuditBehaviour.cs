using System.Text.Json;
using MediatR;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Behaviours;

/// <summary>
/// Records every command refused as unauthorized (401), forbidden (403) or by a business rule (422) in the audit
/// trail. The entry is written in its own transaction after the command's transaction was rolled back.
/// </summary>
public sealed class RefusalAuditBehaviour<TRequest, TResponse>(IUnitOfWork unitOfWork, IAuditLog auditLog)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly string Action = ActionName(typeof(TRequest).Name);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var response = await next();
        if (request is ICommandBase
            && response is Result { IsFailure: true } failed
            && failed.Error.Kind is ErrorKind.Unauthorized or ErrorKind.Forbidden or ErrorKind.BusinessRule)
        {
            var target = request as IAuditTarget;
            var entry = new AuditEntry(
                Action,
                target?.AuditEntityType ?? "request",
                target?.AuditEntityId,
                AuditOutcome.Refused,
                failed.Error.Code);
            unitOfWork.OnRolledBack(ct => auditLog.RecordAsync(entry, ct));
        }

        return response;
    }

    /// <summary><c>TransferFundsCommand</c> becomes <c>transfer_funds</c>.</summary>
    internal static string ActionName(string typeName)
    {
        var name = typeName.EndsWith("Command", StringComparison.Ordinal) ? typeName[..^"Command".Length] : typeName;
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
    }
}

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
    private static readonly string Action = ActionName(typeof(TRequest));

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

    /// <summary>
    /// The area and the command, dotted like the other audit actions: <c>Application.Auth.Commands.Login.LoginCommand</c>
    /// becomes <c>auth.login</c>, <c>Application.Ledger.….TransferFundsCommand</c> becomes <c>ledger.transfer_funds</c>.
    /// </summary>
    internal static string ActionName(Type requestType)
    {
        ArgumentNullException.ThrowIfNull(requestType);
        var typeName = requestType.Name;
        var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(
            typeName.EndsWith("Command", StringComparison.Ordinal) ? typeName[..^"Command".Length] : typeName);
        const string root = "PortfolioTracker.Application.";
        var ns = requestType.Namespace ?? string.Empty;
        var area = ns.StartsWith(root, StringComparison.Ordinal) ? ns[root.Length..].Split('.')[0] : null;
        return area is null ? name : $"{JsonNamingPolicy.SnakeCaseLower.ConvertName(area)}.{name}";
    }
}

using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>A command with a value, nested items and an audit target, only for exercising the pipeline.</summary>
public sealed record TransferFundsCommand(Guid AccountId, string Reference, IReadOnlyList<TransferLine> Lines)
    : ICommand<Guid>, IAuditTarget
{
    public string AuditEntityType => "account";

    public string? AuditEntityId => AccountId.ToString();
}

public sealed record TransferLine(string Name, decimal Amount);

/// <summary>A command without a value and without an audit target.</summary>
public sealed record ArchiveEverythingCommand(string Reason) : ICommand;

/// <summary>A query, which must never get a transaction or a refusal audit.</summary>
public sealed record FindThingQuery(Guid Id) : IQuery<string>;
